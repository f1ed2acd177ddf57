"""A corpus of hostile strings that try to run script in a Palabre page.

Gathered from the usual public knowledge of cross-site scripting (filter-evasion cheat
sheets, the event-handler tables of browser vendors, mutation-XSS research, Markdown
renderer advisories), rewritten in our own layout. ``VECTORS`` is what the tests use: every
string is distinct. Each family is a list of its own so that a finding can be traced.

Most payloads call ``alert``/``confirm``/``prompt``: a browser test listens for dialogs.
Others try to leave an element or attribute behind: the same test looks for those in the DOM.
"""

from __future__ import annotations

# --- Classic injections ----------------------------------------------------------------

CLASSIC = [
    "<script>alert(1)</script>",
    "<SCRIPT>alert(2)</SCRIPT>",
    "<ScRiPt>alert(3)</sCrIpT>",
    "<script src=//127.0.0.1:9/x.js></script>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "<script/xss>alert(4)</script>",
    "<script\t>alert(5)</script>",
    "<script\n>alert(6)</script>",
    "<<script>alert(7);//<</script>",
    "<script>alert(8)<!--",
    "</title><script>alert(9)</script>",
    "</textarea><script>alert(10)</script>",
    "</script><script>alert(11)</script>",
    "<scr<script>ipt>alert(12)</scr</script>ipt>",
    "<script type=module>alert(13)</script>",
    "<script type=text/javascript>confirm(14)</script>",
    "<script>prompt(15)</script>",
    "<script>window['al'+'ert'](16)</script>",
    "<script>eval(atob('YWxlcnQoMTcp'))</script>",
    "<script>setTimeout('alert(18)')</script>",
    "<script>top['ale'+'rt'](19)</script>",
    "<script>alert`20`</script>",
    "<script>\\u0061lert(21)</script>",
    "<script>[].constructor.constructor('alert(22)')()</script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(23)>">',
    "<plaintext><script>alert(24)</script>",
    "<xmp><script>alert(25)</script></xmp>",
    "<listing><img src=x onerror=alert(26)></listing>",
    '"><script>alert(27)</script>',
    "'><script>alert(28)</script>",
    "<img src=x onerror=alert(29)>",
    '<img src=x onerror="alert(30)">',
    "<img src=x onerror='alert(31)'>",
    "<img src=x onerror=alert`32`>",
    "<IMG SRC=x OnErRoR=alert(33)>",
    "<img/src=x/onerror=alert(34)>",
    "<img src=x:alert(35) onerror=eval(src)>",
    '<img src="x"onerror="alert(36)">',
    "<img src=x onerror\t=alert(37)>",
    "<img src=x onerror\n=alert(38)>",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(39)>",
    "<img src=x onerror=alert&lpar;40&rpar;>",
    "<img src=x onerror=window.onerror=alert;throw 41>",
    "<img src=`x`onerror=alert(42)>",
    '<img """><script>alert(43)</script>">',
    "<img src= onerror=alert(44)>",
    "<image src=x onerror=alert(45)>",
    "<img srcset=x onerror=alert(46)>",
    "<img src=x onload=alert(47)>",
    "<img src onerror=alert(48)>",
]

# --- Event handlers on many tags -------------------------------------------------------

EVENT_HANDLERS = [
    "<svg onload=alert(101)>",
    "<svg/onload=alert(102)>",
    "<svg\nonload=alert(103)>",
    "<svg><g onload=alert(104)></g></svg>",
    "<body onload=alert(105)>",
    "<body onpageshow=alert(106)>",
    "<body onfocus=alert(107)>",
    "<body onhashchange=alert(108)>",
    "<body onresize=alert(109)>",
    "<body onscroll=alert(110)><br><br><br><br><br><br>x",
    "<iframe onload=alert(111)>",
    "<iframe src=x onerror=alert(112)>",
    "<input autofocus onfocus=alert(113)>",
    "<input onblur=alert(114) autofocus><input autofocus>",
    "<input type=image src=x onerror=alert(115)>",
    "<input value=x onmouseover=alert(116)>",
    "<input type=text oninput=alert(117)>",
    "<textarea autofocus onfocus=alert(118)>",
    "<select autofocus onfocus=alert(119)>",
    "<select onchange=alert(120)><option>a<option>b</select>",
    "<keygen autofocus onfocus=alert(121)>",
    "<button autofocus onfocus=alert(122)>x</button>",
    "<button onclick=alert(123)>click</button>",
    "<details open ontoggle=alert(124)>",
    "<details/open/ontoggle=alert(125)>",
    "<marquee onstart=alert(126)>x</marquee>",
    "<marquee loop=1 width=0 onfinish=alert(127)>x</marquee>",
    "<video src=x onerror=alert(128)>",
    "<video><source onerror=alert(129)></video>",
    "<video poster=javascript:alert(130)>",
    "<audio src=x onerror=alert(131)>",
    "<audio controls oncanplay=alert(132)><source src=x></audio>",
    "<object data=x onerror=alert(133)>",
    "<embed src=x onload=alert(134)>",
    "<style onload=alert(135)></style>",
    "<link rel=stylesheet href=x onerror=alert(136)>",
    "<link rel=import href=data:text/html,x onload=alert(137)>",
    "<div onmouseover=alert(138)>hover</div>",
    "<div onpointerenter=alert(139)>x</div>",
    "<div draggable=true ondragstart=alert(140)>drag</div>",
    "<div contenteditable onbeforeinput=alert(141)>x</div>",
    "<div tabindex=1 autofocus onfocusin=alert(142)>x</div>",
    "<div onanimationstart=alert(143) style=animation-name:x>",
    "<div ontransitionend=alert(144)>x</div>",
    "<p onclick=alert(145)>paragraph</p>",
    "<p oncopy=alert(146)>copy me</p>",
    "<a onmouseover=alert(147)>link</a>",
    "<a href=# onclick=alert(148)>link</a>",
    "<a onfocus=alert(149) autofocus href=#>x</a>",
    "<span onpointerover=alert(150)>x</span>",
    "<em onmouseenter=alert(151)>x</em>",
    "<strong onauxclick=alert(152)>x</strong>",
    "<blockquote ondblclick=alert(153)>x</blockquote>",
    "<li oncontextmenu=alert(154)>x</li>",
    "<ul onwheel=alert(155)><li>x</ul>",
    "<code onkeydown=alert(156) tabindex=0>x</code>",
    "<pre onmousedown=alert(157)>x</pre>",
    "<hr onmousemove=alert(158)>",
    "<br onclick=alert(159)>",
    "<table background=x onerror=alert(160)><td>x</table>",
    "<td onmouseover=alert(161)>x",
    "<form onsubmit=alert(162)><input type=submit></form>",
    "<form oninput=alert(163)><input></form>",
    "<frameset onload=alert(164)>",
    "<isindex type=image src=x onerror=alert(165)>",
    "<x onclick=alert(166)>custom</x>",
    "<custom-tag onfocus=alert(167) tabindex=1 autofocus>x</custom-tag>",
    "<html onmouseover=alert(168)>",
    "<head onload=alert(169)>",
    "<meter onmouseover=alert(170)>0</meter>",
    "<progress onclick=alert(171)>",
    "<dialog open onclose=alert(172)><form method=dialog><button>x</button></form></dialog>",
    "<menu onclick=alert(173)>x</menu>",
    "<summary onclick=alert(174)>x</summary>",
    "<bdo onmouseover=alert(175)>x</bdo>",
    "<output onclick=alert(176)>x</output>",
    "<slot onclick=alert(177)>x</slot>",
    "<picture><img src=x onerror=alert(178)></picture>",
    "<canvas onclick=alert(179)></canvas>",
    "<body onbeforeprint=alert(180)>",
    "<body onmessage=alert(181)>",
    "<body onunhandledrejection=alert(182)>",
    "<svg><animate onbegin=alert(183) attributeName=x dur=1s>",
    "<svg><set onbegin=alert(184) attributename=x to=1>",
    "<svg><animate onend=alert(185) attributeName=x dur=1s>",
    "<svg><image href=x onerror=alert(186)>",
    "<svg><foreignObject onload=alert(187)>",
    "<svg><rect width=9 height=9 onclick=alert(188)>",
    "<svg><discard onbegin=alert(189)>",
    "<img src=x onbeforescriptexecute=alert(190)>",
]

# --- Hostile URL schemes, obfuscated, in many places -----------------------------------


def _dec(text: str, *, pad: int = 0, semicolon: bool = True) -> str:
    end = ";" if semicolon else ""
    return "".join(f"&#{ord(ch):0{pad}d}{end}" for ch in text)


def _hex(text: str, *, upper: bool = False, semicolon: bool = True) -> str:
    end = ";" if semicolon else ""
    form = "&#X{:X}" if upper else "&#x{:x}"
    return "".join(form.format(ord(ch)) + end for ch in text)


PAYLOAD = "alert(1)"

# Ways to write a script-running URL so that a naive filter misses its scheme.
SCHEMES = [
    f"javascript:{PAYLOAD}",
    f"JAVASCRIPT:{PAYLOAD}",
    f"JaVaScRiPt:{PAYLOAD}",
    f" javascript:{PAYLOAD}",
    f"\x01javascript:{PAYLOAD}",
    f"java\tscript:{PAYLOAD}",
    f"java\nscript:{PAYLOAD}",
    f"java\rscript:{PAYLOAD}",
    f"java\u200bscript:{PAYLOAD}",
    f"java\u00adscript:{PAYLOAD}",
    f"java\ufeffscript:{PAYLOAD}",
    f"\u200bjavascript:{PAYLOAD}",
    f"java&#9;script:{PAYLOAD}",
    f"java&#x09;script:{PAYLOAD}",
    f"java&#10;script:{PAYLOAD}",
    f"java&Tab;script:{PAYLOAD}",
    f"java&NewLine;script:{PAYLOAD}",
    f"javascript&colon;{PAYLOAD}",
    f"&#106;avascript:{PAYLOAD}",
    _dec("javascript:") + PAYLOAD,
    _dec("javascript:", pad=7) + PAYLOAD,
    _dec("javascript:", semicolon=False) + PAYLOAD,
    _hex("javascript:") + PAYLOAD,
    _hex("javascript:", upper=True) + PAYLOAD,
    _hex("javascript:", semicolon=False) + PAYLOAD,
    f"javascript%3A{PAYLOAD}",
    "javascript://%0Aalert(1)",
    f"javascript://comment%0d%0a{PAYLOAD}",
    "javascript:/*--></title></style></textarea></script><svg/onload=alert(1)>",
    f"vbscript:msgbox({PAYLOAD[6:-1]})",
    "VBScript:MsgBox(1)",
    f"livescript:{PAYLOAD}",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:text/html,<svg onload=alert(1)>",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "data:application/javascript,alert(1)",
    "da\tta:text/html,<script>alert(1)</script>",
    f"&#100;ata:text/html,<script>{PAYLOAD}</script>",
    "jar:javascript:alert(1)",
    "x-javascript:alert(1)",
    "blob:javascript:alert(1)",
    "view-source:javascript:alert(1)",
    "file:///etc/passwd",
]

# Where a URL can be written: Markdown links of every form, and raw HTML attributes.
URL_CONTEXTS = [
    "[link]({url})",
    "[link](<{url}>)",
    '[link]({url} "title")',
    "<{url}>",
    "[ref]\n\n[ref]: {url}",
    "![image]({url})",
    '<a href="{url}">raw link</a>',
    '<iframe src="{url}"></iframe>',
    '<form action="{url}"><button>go</button></form>',
]

# Every scheme in the Markdown link (what participants can really write) and a selection of
# schemes in the other contexts.
URLS = (
    [URL_CONTEXTS[0].format(url=scheme) for scheme in SCHEMES]
    + [
        URL_CONTEXTS[index % len(URL_CONTEXTS)].format(url=scheme)
        for index, scheme in enumerate(SCHEMES[:30], start=1)
        if index % len(URL_CONTEXTS) != 0
    ]
    + [URL_CONTEXTS[3].format(url=scheme) for scheme in SCHEMES[:12]]
    + [URL_CONTEXTS[4].format(url=scheme) for scheme in SCHEMES[18:30]]
)

# --- Mutation XSS: markup that changes meaning when parsed twice ------------------------

MUTATION = [
    '<noscript><p title="</noscript><img src=x onerror=alert(201)>"></noscript>',
    "<noscript><style></noscript><img src=x onerror=alert(202)></style></noscript>",
    "<style><style/><img src=x onerror=alert(203)></style>",
    "<style></style><img src=x onerror=alert(204)>",
    "<template><img src=x onerror=alert(205)></template>",
    "<template><style></template><img src=x onerror=alert(206)></style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(207)>",
    '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;'
    '&lt;img&Tab;src=1&Tab;onerror=alert(208)&gt;">',
    "<form><math><mtext></form><form><mglyph><style></math><img src=x onerror=alert(209)>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(210)>">',
    "<svg><style><img src=x onerror=alert(211)></style></svg>",
    "<svg><p><style><img src=x onerror=alert(212)>",
    "<math><style><img src=x onerror=alert(213)></style></math>",
    "<svg><![CDATA[><img src=x onerror=alert(214)>]]></svg>",
    "<svg><title><![CDATA[</title><img src=x onerror=alert(215)>]]></svg>",
    '<div id="1"><form id="test"></form><button form="test" formaction="javascript:'
    'alert(216)">X</button>',
    '<a href="&#x6a;avascript&#0000058&#0000097lert(217)">x</a>',
    '<!--<img src="--><img src=x onerror=alert(218)//">',
    "<!-- --!><img src=x onerror=alert(219)> -->",
    "<!--><img src=x onerror=alert(220)>-->",
    "<?xml-stylesheet ><img src=x onerror=alert(221)>?>",
    "<![CDATA[<img src=x onerror=alert(222)>]]>",
    "<title><img src=x onerror=alert(223)></title>",
    "<textarea><img src=x onerror=alert(224)></textarea>",
    "<iframe><img src=x onerror=alert(225)></iframe>",
    "<noembed><img src=x onerror=alert(226)></noembed>",
    "<noframes><img src=x onerror=alert(227)></noframes>",
    "<select><style></select><img src=x onerror=alert(228)></style>",
    "<table><caption><svg><style><img src=x onerror=alert(229)>",
    "<svg><foreignObject><p><style><img src=x onerror=alert(230)></style></p></svg>",
    "<math><mi><mglyph><svg><mtext><style><img src=x onerror=alert(231)>",
    "<svg><desc><img src=x onerror=alert(232)></desc></svg>",
    "<a><table><a href=x onclick=alert(233)>x</a></table>",
    "<p><table><p onclick=alert(234)>x</table>",
    "<object><param name=src value=javascript:alert(235)></object>",
    "<image/src=x/onerror=alert(236)>",
    '<img src="x` `<script>alert(237)</script>"` `>',
    '<a href="javascript&#x3a;alert(238)">x</a><a href="ja&#x0A;vascript:alert(238)">y</a>',
    "<div><noscript><img src=x onerror=alert(239)></noscript></div>",
    "<svg><a><text x=10 y=20>x</text><animate attributeName=href values=javascript:alert(240) />"
    "</a></svg>",
]

# --- SVG and MathML --------------------------------------------------------------------

SVG_MATHML = [
    "<svg><script>alert(301)</script></svg>",
    "<svg><script href=data:,alert(302) />",
    "<svg><script xlink:href=data:,alert(303)></script>",
    '<svg><a xlink:href="javascript:alert(304)"><text x=9 y=9>x</text></a></svg>',
    '<svg><a href="javascript:alert(305)"><rect width=99 height=99 /></a></svg>',
    "<svg><use href=\"data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'>"
    "<image href='1' onerror='alert(306)'/></svg>#x\" /></svg>",
    "<svg><animate xlink:href=#x attributeName=href values=javascript:alert(307) />"
    "<a id=x><text>x</text></a></svg>",
    "<svg><set attributeName=onmouseover to=alert(308) />",
    '<svg><handler xmlns:ev="http://www.w3.org/2001/xml-events" ev:event="load">'
    "alert(309)</handler></svg>",
    "<svg><feImage href=javascript:alert(310) />",
    "<svg><iframe src=javascript:alert(311)>",
    "<svg><foreignObject><iframe src=javascript:alert(312)></iframe></foreignObject></svg>",
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(313)"/>',
    "<svg><svg onload=alert(314)>",
    "<svg><image xlink:href=x onerror=alert(315) />",
    '<math href="javascript:alert(316)">click</math>',
    "<math><maction actiontype=statusline xlink:href=javascript:alert(317)>x</maction></math>",
    '<math><mi xlink:href="data:x,<script>alert(318)</script>">x</mi></math>',
    "<math><a xlink:href=javascript:alert(319)>x</a></math>",
    "<math><mtext><img src=x onerror=alert(320)></mtext></math>",
    '<math><annotation-xml encoding="text/html"><img src=x onerror=alert(321)>'
    "</annotation-xml></math>",
    "<math><semantics><annotation-xml encoding=application/xhtml+xml><svg onload=alert(322)>",
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMzIzKT4=">',
    '<object data="data:image/svg+xml,<svg onload=alert(324)>"></object>',
    '<img src="data:image/svg+xml,<svg onload=alert(325)>">',
]

# --- Breaking out of an attribute or an element ---------------------------------------

BREAKOUTS = [
    '"><img src=x onerror=alert(401)>',
    "'><img src=x onerror=alert(402)>",
    '" onmouseover="alert(403)',
    "' onmouseover='alert(404)",
    '" autofocus onfocus="alert(405)',
    "' autofocus onfocus=alert(406) x='",
    '"/><svg onload=alert(407)>',
    "` onmouseover=alert(408)",
    '"><!--<img src=x onerror=alert(409)>-->',
    "</p><img src=x onerror=alert(410)><p>",
    "</a><img src=x onerror=alert(411)>",
    "</li></ul><img src=x onerror=alert(412)>",
    "</code></pre><img src=x onerror=alert(413)>",
    "</textarea><img src=x onerror=alert(414)>",
    "</title><img src=x onerror=alert(415)>",
    "</style><img src=x onerror=alert(416)>",
    "</noscript><img src=x onerror=alert(417)>",
    '"></option></select><img src=x onerror=alert(418)>',
    '" type="image" src="x" onerror="alert(419)',
    '";alert(420);//',
    "';alert(421);//",
    '\\";alert(422);//',
    "</script><svg onload=alert(423)>",
    '"}]};alert(424);//',
    '-->"><img src=x onerror=alert(425)>',
    "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(426)%3E",
    "&quot;&gt;&lt;img src=x onerror=alert(427)&gt;",
    "&#34;&#62;&#60;img src=x onerror=alert(428)&#62;",
    "\\u0022\\u003e\\u003cimg src=x onerror=alert(429)\\u003e",
    "\u0022\uff1e\uff1cimg src=x onerror=alert(430)\uff1e",
    "\x00<img src=x onerror=alert(431)>",
    "<img src=x\x00 onerror=alert(432)>",
    "+ADw-script+AD4-alert(433)+ADw-/script+AD4-",
    "\ufe64img src=x onerror=alert(434)\ufe65",
]

# --- Style sheets ----------------------------------------------------------------------

CSS = [
    '<div style="width:expression(alert(501))">x</div>',
    '<div style="background:url(javascript:alert(502))">x</div>',
    "<div style=\"background-image:url('vbscript:msgbox(503)')\">x</div>",
    '<div style="behavior:url(x.htc)">x</div>',
    '<div style="-moz-binding:url(//127.0.0.1:9/x.xml#xss)">x</div>',
    "<style>@import 'javascript:alert(506)';</style>",
    '<style>body{background:url("javascript:alert(507)")}</style>',
    "<style>*{x:expr\\ession(alert(508))}</style>",
    '<link rel=stylesheet href="javascript:alert(509)">',
    '<p style="position:fixed;top:0;left:0;width:100%;height:100%" onmouseover=alert(510)>x',
    '<div style="x:\\65xpression(alert(511))">x</div>',
    '<div style="x:/**/expression(alert(512))">x</div>',
    "<style>li{list-style-image:url(javascript:alert(513))}</style><ul><li>x</ul>",
    '<span style="content:url(data:image/svg+xml,<svg onload=alert(514)>)">x</span>',
    '<style>@keyframes x{}</style><p style="animation-name:x" onanimationstart=alert(515)>x',
]

# --- Navigation, frames, forms ---------------------------------------------------------

ELEMENTS = [
    '<meta http-equiv="refresh" content="0;url=javascript:alert(601)">',
    '<meta http-equiv="refresh" content="0;url=data:text/html,<script>alert(602)</script>">',
    '<meta http-equiv="Set-Cookie" content="x=603">',
    '<meta http-equiv="Content-Security-Policy" content="script-src *">',
    '<meta charset="UTF-7">+ADw-script+AD4-alert(605)+ADw-/script+AD4-',
    '<iframe srcdoc="<script>alert(606)</script>"></iframe>',
    '<iframe srcdoc="&lt;img src=x onerror=alert(607)&gt;"></iframe>',
    '<iframe src="javascript:alert(608)"></iframe>',
    '<iframe src="data:text/html,<script>alert(609)</script>"></iframe>',
    '<frame src="javascript:alert(610)">',
    '<form action="javascript:alert(611)"><input type=submit></form>',
    '<form><button formaction="javascript:alert(612)">send</button></form>',
    "<form><input type=submit formaction=javascript:alert(613)></form>",
    "<form id=f></form><button form=f formaction=javascript:alert(614)>x</button>",
    "<isindex action=javascript:alert(615) type=submit>",
    '<base href="javascript:alert(616)//">',
    '<base href="//127.0.0.1:9/">',
    '<object data="javascript:alert(618)"></object>',
    '<object type=text/html data="data:text/html,<script>alert(619)</script>"></object>',
    '<embed src="javascript:alert(620)">',
    '<embed code="javascript:alert(621)"></embed>',
    '<applet code="javascript:alert(622)"></applet>',
    '<a href="javascript:alert(623)" target=_blank>x</a>',
    '<a href="//127.0.0.1:9" target="_blank">tabnabbing</a>',
    '<a href="x" ping="//127.0.0.1:9">ping</a>',
    '<area href="javascript:alert(626)">',
    "<map name=m><area shape=rect coords=0,0,99,99 href=javascript:alert(627)></map>"
    "<img usemap=#m src=x>",
    '<link rel=import href="data:text/html,<script>alert(628)</script>">',
    '<link rel=prefetch href="//127.0.0.1:9/">',
    "<portal src=javascript:alert(630)></portal>",
    "<input type=hidden accesskey=x onclick=alert(631)>",
    "<a id=x tabindex=1 onfocus=alert(632)></a>",
    "<img src=x id=defaultView name=opener>",
    "<form name=getElementById></form><img name=cookie>",
    '<a href="https://ok.example" style="display:block;position:fixed;inset:0">x</a>',
]

# --- Markdown: what our renderer could be led into producing ---------------------------

MARKDOWN = [
    "[a](javascript:alert(701))",
    "[a](JaVaScRiPt:alert(702))",
    "[a](javascript&#58;alert(703))",
    "[a](&#x6A;avascript:alert(704))",
    "[a](java%0ascript:alert(705))",
    "[a](javascript:alert%28706%29)",
    "[a](  javascript:alert(707)  )",
    "[a](<javascript:alert(708)>)",
    '[a](javascript:alert(709) "title")',
    "[a](javascript://%0aalert(710))",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCg3MTEpPC9zY3JpcHQ+)",
    "[a](vbscript:alert(712))",
    "[a](\\javascript:alert(713))",
    '[a](https://ok.example "" onmouseover=alert(714) x=")',
    '[a](https://ok.example"onmouseover="alert(715))',
    "[a](https://ok.example'onmouseover='alert(716))",
    '[a"onmouseover="alert(717)](https://ok.example)',
    "[<img src=x onerror=alert(718)>](https://ok.example)",
    "[a](https://ok.example)<img src=x onerror=alert(719)>",
    "<javascript:alert(720)>",
    "<JAVASCRIPT:alert(721)>",
    "<vbscript:alert(722)>",
    "<data:text/html,<script>alert(723)</script>>",
    "[ref][x]\n\n[x]: javascript:alert(724)",
    '[ref][x]\n\n[x]: <javascript:alert(725)> "title"',
    "[x]\n\n[x]: data:text/html,alert(726)",
    "![a](javascript:alert(727))",
    '![a"onerror="alert(728)](x)',
    '![a](x"onerror="alert(729))',
    '![a](https://ok.example/x.png "t" onerror=alert(730))',
    "[![a](x)](javascript:alert(731))",
    "```\n<script>alert(732)</script>\n```",
    "`<img src=x onerror=alert(733)>`",
    "    <img src=x onerror=alert(734)>",
    "> <img src=x onerror=alert(735)>",
    "- <svg onload=alert(736)>",
    "1. [a](javascript:alert(737))",
    "**<img src=x onerror=alert(738)>**",
    "_<script>alert(739)</script>_",
    '<a href="javascript:alert(740)">*md inside*</a>',
    "[a](javascript:window.onerror=alert;throw%20741)",
    "[a](javascript:this;alert(742))",
    "[a](javascript:a=alert,a(743))",
    '[a](https://ok.example/?q="><script>alert(744)</script>)',
    '[a](mailto:x@example.org"><img src=x onerror=alert(745)>)',
    '<https://ok.example/"onmouseover="alert(746)>',
    '<mailto:x@example.org?body="><svg/onload=alert(747)>>',
    "\\<img src=x onerror=alert(748)>",
    "&lt;img src=x onerror=alert(749)&gt;",
    "&#60;script&#62;alert(750)&#60;/script&#62;",
    '[a](#" onclick="alert(751))',
    "[a]( javascript:alert(752))",
    "[a](&#106&#97&#118&#97&#115&#99&#114&#105&#112&#116&#58alert(753))",
    "[a](&#0000106&#0000097&#0000118&#0000097script:alert(754))",
    "[a](javas\u200bcript:alert(755))",
    "[a](javas\u00adcript:alert(756))",
    "[a](\ufeffjavascript:alert(757))",
    "[a](javascript\u2028:alert(758))",
    "[a](javas&#x200B;cript:alert(759))",
    "[a](javas&shy;cript:alert(760))",
]

# --- Template and expression injection -------------------------------------------------

TEMPLATES = [
    "{{7*7}}",
    "{{ 7*'7' }}",
    "${7*7}",
    "#{7*7}",
    "<%= 7*7 %>",
    "{{config}}",
    "{{ config.items() }}",
    "{{ self.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{request.application.__globals__.__builtins__.__import__('os').popen('id').read()}}",
    "{% for x in range(3) %}loop{% endfor %}",
    "{# comment #}",
    "{{constructor.constructor('alert(808)')()}}",
    "{{$on.constructor('alert(809)')()}}",
    "<div ng-app ng-csp><div ng-click=$event.view.alert(810)>x</div></div>",
    "<div v-html=\"'<img src=x onerror=alert(811)>'\"></div>",
    "${alert(812)}",
    "`${alert(813)}`",
    "[[cite:1]]<img src=x onerror=alert(814)>",
    "[[cite:javascript:alert(815)]]",
    "%(password)s %s %d %n",
    "{0.__class__}",
    "@(7*7)",
    "*{7*7}",
    "#set($x=7*7)${x}",
]

# --- Polyglots: one string that works in many contexts -------------------------------

POLYGLOTS = [
    "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert(901) )//%0D%0A%0d%0a//"
    "</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert(901)//>\\x3e",
    "'\"--></style></script><script>alert(902)</script>",
    "\"'><img src=x onerror=alert(903)><\"'",
    "'\";alert(904);\"'--><svg/onload=alert(904)>",
    "--></script></title></textarea></style><svg onload=alert(905)>",
    '"><svg/onload=alert(906)>"@x.y',
    "javascript:\"/*'/*`/*--></noscript></title></textarea></style></template></noembed>"
    '</script><html " onmouseover=/*&lt;svg/*/onload=alert(907)//>',
    "';alert(String.fromCharCode(88,83,83))//';alert(String.fromCharCode(88,83,83))//\";"
    'alert(String.fromCharCode(88,83,83))//";alert(String.fromCharCode(88,83,83))//-->'
    "</SCRIPT>\">'><SCRIPT>alert(String.fromCharCode(88,83,83))</SCRIPT>",
    "\" onclick=alert(909)//<button ' onclick=alert(909)//> */ alert(909)//",
    "<svg%0Aonload=alert(910)>",
    "<<img src=x onerror=alert(911)//<",
    '<a href="javas&#99;ript:alert(912)">x</a>',
    '"><iframe/src="javascript:alert(913)">',
    "</p></div></main><script>alert(914)</script>",
    "<img src=1 onerror=alert(915)>[a](javascript:alert(915)){{915*1}}",
]

FAMILIES: dict[str, list[str]] = {
    "classic": CLASSIC,
    "event handlers": EVENT_HANDLERS,
    "URL schemes": URLS,
    "mutation": MUTATION,
    "SVG and MathML": SVG_MATHML,
    "breakouts": BREAKOUTS,
    "CSS": CSS,
    "elements": ELEMENTS,
    "Markdown": MARKDOWN,
    "templates": TEMPLATES,
    "polyglots": POLYGLOTS,
}


def _distinct(strings: list[str]) -> list[str]:
    seen: set[str] = set()
    kept = []
    for string in strings:
        if string not in seen:
            seen.add(string)
            kept.append(string)
    return kept


VECTORS: list[str] = _distinct([vector for family in FAMILIES.values() for vector in family])
