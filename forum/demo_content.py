"""Demo content: a fictional French public debate on a tram extension (pure data).

Everything here is invented: the metropolis of Belcombe, its places, its people and its
figures. Loaded by ``forum.demo``. Dates are relative (days ago) so the demo stays current.
"""

from __future__ import annotations

DEBATE = {
    "slug": "tram-t2-saint-orens",
    "title": "Prolongement de la ligne T2 du tramway de Belcombe vers Saint-Orens-les-Prés",
    "summary": """Belcombe Métropole propose de **prolonger la ligne T2 du tramway** sur 6,9 km, depuis son terminus actuel de Pont-Vieux jusqu'à Saint-Orens-les-Prés, commune d'environ 14 000 habitants au sud de l'agglomération. Le tracé de référence emprunte la rue des Tanneurs et l'avenue de la Libération, franchit la rocade, puis reprend l'emprise de l'ancienne voie ferrée Belcombe–Castelbrun et le pont des Arches sur la Vaurèze. Huit stations nouvelles sont prévues, avec un parc relais au terminus.

Le coût est estimé à **318 M€ HT** (valeur janvier 2024), matériel roulant compris. Le plan de financement prévisionnel associe la Métropole, l'État, la Région et le Département. Le dossier présente aussi deux variantes : un passage par le boulevard de l'Hôpital pour desservir le centre hospitalier des Coteaux (*option B*, 41 M€ de plus) et un bus à haut niveau de service sur le même tracé (*option C*, 124 M€), ainsi que le scénario sans projet.

Si le projet est poursuivi, l'enquête publique aurait lieu en 2027, les travaux de 2028 à 2031, pour une mise en service fin 2031.

Compte tenu de son ampleur, le projet a été soumis à la Commission nationale du débat public, qui a confié l'organisation du débat à une **commission particulière indépendante** du maître d'ouvrage. Le débat porte sur l'opportunité du projet (faut-il le faire ?), ses objectifs, ses caractéristiques et ses alternatives, y compris celle de ne pas le faire. Ce n'est ni un vote ni un sondage : en ligne, en réunion ou sur papier, ce qui compte, ce sont les arguments.""",
    "easy_summary": """La Métropole de Belcombe veut allonger la ligne de tramway T2.
Aujourd'hui, le tram T2 s'arrête à Pont-Vieux.
Demain, il pourrait aller jusqu'à Saint-Orens-les-Prés.
Il y aurait 8 nouveaux arrêts.
Le projet coûte très cher : 318 millions d'euros.
Les travaux dureraient 3 ans, de 2028 à 2031.
Avant de décider, la Métropole doit écouter les habitants.
Vous pouvez donner votre avis, poser une question ou faire une proposition.
Vous pouvez écrire ici, venir à une réunion ou écrire dans le cahier de la mairie.
Chaque avis compte, même s'il est donné par une seule personne.""",
    "owner_name": "Belcombe Métropole – Direction des mobilités",
    "phase": "open",
    "opens_days_ago": 40,
    "closes_in_days": 50,
    "moderation_mode": "a_posteriori",
    "answer_deadline_days": 15,
    "charter": """Cette charte s'applique à toutes les contributions au débat public sur le prolongement de la ligne T2, quel que soit le moyen utilisé pour les déposer : site internet, réunion, atelier, registre papier, courrier ou courriel. En participant, vous l'acceptez.

**Article 1 — L'esprit du débat**

Le débat public n'est ni un vote ni un sondage. Chaque contribution est lue et prise en compte pour ce qu'elle apporte au débat, et non pour le nombre de personnes qui la partagent. Chacun s'exprime librement, dans le respect des autres participants, du maître d'ouvrage et de l'équipe du débat.

**Article 2 — Pas d'attaques personnelles**

Critiquez les idées, pas les personnes. Les insultes, moqueries, menaces, propos diffamatoires ou discriminatoires (en raison de l'origine, du sexe, de la religion, du handicap, de l'âge, de l'orientation sexuelle…) ne sont pas admis, y compris envers les élus et les agents du maître d'ouvrage.

**Article 3 — Données personnelles d'autrui**

Ne publiez aucune information permettant d'identifier une autre personne sans son accord : nom, adresse, numéro de téléphone, photographie, plaque d'immatriculation. Les élus et les représentants du maître d'ouvrage peuvent être cités dans l'exercice de leurs fonctions publiques.

**Article 4 — Rester dans le sujet**

Les contributions portent sur le projet, ses objectifs, ses alternatives, ses effets ou l'organisation du débat. Un message sans rapport avec le débat peut être masqué ; un message déposé sous un thème qui ne lui correspond pas peut être reclassé.

**Article 5 — Pas de publicité ni de propagande**

Pas de promotion commerciale, de démarchage ni de propagande électorale. Les organisations (associations, entreprises, chambres consulaires) peuvent présenter leur position, notamment par un cahier d'acteur, mais pas faire la promotion de leurs produits ou services.

**Article 6 — Pseudonymes**

Vous pouvez participer sous pseudonyme ; votre adresse électronique n'est jamais publiée. Il est interdit d'usurper l'identité d'une autre personne ou d'une organisation, ou de se présenter comme membre de la commission ou du maître d'ouvrage. Un cahier d'acteur est publié sous le nom de l'organisation qui le porte.

**Article 7 — Modération et droit de contestation**

La modération s'exerce *a posteriori* : les contributions sont publiées dès leur dépôt, puis relues par l'équipe de modération, indépendante du maître d'ouvrage. Une contribution peut être retenue brièvement pour vérification (par exemple lorsqu'elle contient un lien). Une contribution contraire à la charte n'est jamais supprimée en silence : elle est **masquée**, et un avis indiquant le motif et l'article de la charte appliqué reste visible à sa place. Son auteur en est informé. Il peut **contester** la décision dans un délai de quinze jours ; la contestation est examinée par un membre de la commission qui n'a pas pris la décision initiale. Toutes les décisions de modération figurent dans un journal public, sans données personnelles.""",
}

THEMES = [
    {
        "slug": "trace",
        "name": "Tracé et stations",
        "description": "Le tracé de référence, l'emplacement des huit stations, la desserte des quartiers et des équipements (lycée, hôpital, zones d'emploi).",
    },
    {
        "slug": "cout",
        "name": "Coût et financement",
        "description": "Le coût du projet et sa répartition entre financeurs, les coûts d'exploitation, les tarifs, l'effet sur les finances locales.",
    },
    {
        "slug": "environnement",
        "name": "Environnement, arbres et biodiversité",
        "description": "Les platanes de l'avenue de la Libération, la chaleur en ville, la faune et la flore de la vallée de la Vaurèze, l'eau, le bilan carbone.",
    },
    {
        "slug": "travaux",
        "name": "Travaux et nuisances",
        "description": "Calendrier et durée du chantier, bruit, vibrations, circulation et stationnement pendant les travaux, accompagnement des riverains et des commerces.",
    },
    {
        "slug": "intermodalite",
        "name": "Accessibilité et intermodalité",
        "description": "Correspondances avec les bus, le vélo et le train, parcs relais, horaires et fréquences, accessibilité pour les personnes handicapées ou âgées.",
    },
    {
        "slug": "alternatives",
        "name": "Alternatives et variantes",
        "description": "Bus à haut niveau de service, passage par le boulevard de l'Hôpital, réalisation par étapes, ou ne pas réaliser le projet.",
    },
    {
        "slug": "urbanisme",
        "name": "Urbanisme, logement et commerce",
        "description": "Quartiers desservis, projets de logements, terres agricoles, loyers, acquisitions foncières et expropriations, vie commerciale.",
    },
]

DOCUMENTS = [
    {
        "kind": "project_file",
        "title": "Dossier du maître d'ouvrage",
        "summary": """Le document de référence du débat. Il présente les objectifs du prolongement (desserte du sud de la métropole, report de la voiture vers les transports collectifs, accompagnement des projets urbains), le tracé de référence (*option A*) et ses huit stations, les variantes étudiées (*option B* par le boulevard de l'Hôpital, *option C* en bus à haut niveau de service, scénario sans projet), le coût de 318 M€ HT, le plan de financement prévisionnel, les effets attendus et le calendrier.""",
        "days_ago": 40,
    },
    {
        "kind": "study",
        "title": "Étude de trafic et de fréquentation prévisionnelle",
        "summary": """Réalisée par un bureau d'études pour la Métropole, l'étude estime la fréquentation du prolongement à 31 000 voyages par jour en 2035 et la charge maximale à environ 2 400 voyageurs par heure et par sens entre Capucins et Pont-Vieux. Elle compare les temps de parcours des trois options. Les hypothèses d'urbanisation, dont le quartier de La Garenne, sont détaillées en annexe.""",
        "days_ago": 40,
    },
    {
        "kind": "study",
        "title": "Diagnostic écologique préalable et inventaire des arbres",
        "summary": """Inventaire des 286 platanes de l'avenue de la Libération et de leur état sanitaire (31 arbres dépérissants), premiers relevés de faune et de flore le long de l'ancienne voie ferrée et dans la vallée de la Vaurèze (campagnes de printemps), délimitation des zones humides. Le document annonce des inventaires complémentaires avant l'étude d'impact.""",
        "days_ago": 38,
    },
    {
        "kind": "minutes",
        "title": "Compte rendu de la réunion publique d'ouverture (Halle aux Grains, Belcombe)",
        "summary": """Environ 180 personnes ont assisté à la réunion d'ouverture. Après la présentation du projet par le maître d'ouvrage et des règles du débat par la commission, les échanges ont porté sur la durée des travaux avenue de la Libération, la suppression de 380 places de stationnement, l'abattage des platanes et le coût du projet. Une étudiante a souligné l'intérêt d'une liaison directe entre Saint-Orens et le campus des Fontanes ; des intervenants ont demandé que l'option BHNS soit étudiée avec le même niveau de détail que le tram. Le maître d'ouvrage s'est engagé à publier une note sur le stationnement.""",
        "days_ago": 30,
    },
    {
        "kind": "minutes",
        "title": "Compte rendu de la réunion publique de Saint-Orens-les-Prés (espace Vaurèze)",
        "summary": """La réunion a porté sur la desserte du bourg et des hameaux, le parc relais du terminus et son emprise sur des terres maraîchères, le bruit et les vibrations dans les maisons anciennes de la Grand-Rue, et l'urbanisation des terrains situés entre La Garenne et Saint-Orens. Un participant a mis en cause l'utilité du débat, estimant la décision déjà prise ; le président de la commission a rappelé que l'opportunité même du projet est en discussion et que le maître d'ouvrage devra publier une décision motivée après le débat. La commission a demandé au maître d'ouvrage une note écrite sur la restructuration du réseau de bus.""",
        "days_ago": 16,
    },
]

USERS = [
    {"key": "transcription", "pseudonym": "Équipe d'animation"},
    {"key": "marie", "pseudonym": "MarieDuCanal"},
    {"key": "jfabre", "pseudonym": "J. Fabre"},
    {"key": "thibault", "pseudonym": "Thibault R."},
    {"key": "lea", "pseudonym": "Léa S."},
    {"key": "kbenali", "pseudonym": "K. Benali"},
    {"key": "urbasud", "pseudonym": "UrbaSud"},
    {"key": "gerard", "pseudonym": "Gérard du Faubourg"},
    {"key": "fournil", "pseudonym": "Fournil_des_Tanneurs"},
    {"key": "sylvie", "pseudonym": "Sylvie Mercadier"},
    {"key": "annesophie", "pseudonym": "Anne-Sophie L."},
    {"key": "claire", "pseudonym": "Claire V."},
    {"key": "rayon", "pseudonym": "Rayon_Libre"},
    {"key": "hugo", "pseudonym": "Hugo_Coteaux"},
    {"key": "castagne", "pseudonym": "M. Castagné"},
    {"key": "lucas", "pseudonym": "Lucas_chiro"},
    {"key": "yasmine", "pseudonym": "Yasmine T."},
    {"key": "asso_velo", "pseudonym": "Belcombe à Vélo (association)"},
    {"key": "cci", "pseudonym": "CCI Belcombe-Vaurèze"},
    {"key": "vne", "pseudonym": "Vaurèze Nature Environnement"},
]

CONTRIBUTIONS = [
    # ------------------------------------------------------------------ tram or BHNS (depth 4)
    {
        "key": "c01",
        "kind": "opinion",
        "title": "Enfin un tram pour Saint-Orens : 45 minutes de bus matin et soir, ça suffit",
        "body": """J'habite Saint-Orens depuis douze ans et je travaille dans le centre de Belcombe. Tous les jours, c'est la même histoire : le bus 32 est pris dans les bouchons du rond-point de la Libération, il met entre 40 et 50 minutes selon l'humeur de la rocade, et le soir il est bondé dès la place de la Halle.

Le dossier annonce **24 minutes** jusqu'au centre avec le tram. Pour moi, c'est presque une heure de gagnée par jour. Je sais que le projet coûte cher et que les travaux seront pénibles, mais on ne peut pas continuer à dire aux habitants de la deuxième couronne « prenez les transports en commun » sans leur en donner de vrais.

Je suis donc favorable au projet, avec une exigence : que la fréquence soit vraiment au rendez-vous, *y compris le soir*.""",
        "author": "marie",
        "themes": ["trace", "intermodalite"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 38,
    },
    {
        "key": "c02",
        "kind": "opinion",
        "title": "Ce qui vous fera gagner du temps, c'est la voie réservée, pas les rails",
        "body": """Je comprends tout à fait votre exaspération, mais je ne partage pas la conclusion. Ce qui fait perdre du temps au 32, ce n'est pas le fait que ce soit un bus : c'est qu'il roule au milieu des voitures.

Un bus à haut niveau de service (BHNS) en site propre, avec priorité aux feux, ferait le même trajet en quelques minutes de plus, pour **moins de la moitié du prix** : 124 M€ contre 318 M€, d'après le dossier lui-même (page 61). La différence pourrait financer des lignes de bus dans les communes qui n'auront jamais de tram.""",
        "author": "thibault",
        "themes": ["trace", "intermodalite", "alternatives"],
        "channel": "online",
        "parent": "c01",
        "relation": "objects",
        "status": "published",
        "days_ago": 37,
    },
    {
        "key": "c03",
        "kind": "opinion",
        "title": "Sur le papier oui, mais la capacité ?",
        "body": """Vous avez raison sur un point : c'est le site propre qui fait l'essentiel du gain de temps. Mais je reste sceptique sur le BHNS pour une raison simple, la capacité. Le dossier prévoit 31 000 voyages par jour en 2035, avec les logements prévus à La Garenne. Un bus articulé, même très confortable, emporte deux fois moins de monde qu'une rame de tram.

On a déjà vu ailleurs des lignes saturées dès leur ouverture : on finit par les transformer en tram dix ans plus tard, et on paie deux fois les travaux.""",
        "author": "marie",
        "themes": ["trace", "intermodalite", "alternatives"],
        "channel": "online",
        "parent": "c02",
        "relation": "nuances",
        "status": "published",
        "days_ago": 36,
    },
    {
        "key": "c04",
        "kind": "opinion",
        "title": "Quelques repères sur les capacités comparées du tram et du BHNS",
        "body": """Pour nourrir l'échange, voici les ordres de grandeur couramment cités dans les guides techniques sur les transports collectifs en site propre :

- un BHNS avec des bus articulés de 18 m : 100 à 120 places par véhicule, soit de l'ordre de **2 000 à 3 000 voyageurs par heure et par sens** à fréquence élevée ;
- un tramway avec des rames de 32 à 44 m : 200 à 300 places, soit **4 000 à 6 000 voyageurs par heure et par sens** ;
- au-delà, on parle de bus bi-articulés, dont l'exploitation est plus délicate.

L'étude de trafic jointe au dossier ([résumé sur le site du débat](https://example.org/debat-t2/etude-trafic)) estime la charge maximale à environ **2 400 voyageurs par heure et par sens** entre Capucins et Pont-Vieux. On est donc précisément dans la zone où les deux modes se discutent, ce qui rend la question de Thibault parfaitement légitime.""",
        "author": "urbasud",
        "themes": ["trace", "intermodalite", "alternatives"],
        "channel": "online",
        "parent": "c03",
        "relation": "provides_source",
        "status": "published",
        "days_ago": 35,
    },
    {
        "key": "c05",
        "kind": "opinion",
        "title": "Les 2 400 voyageurs par heure, avec ou sans La Garenne ?",
        "body": """Merci pour ces chiffres. Une question alors, à laquelle ni vous ni le dossier ne répondez clairement : les 2 400 voyageurs par heure, est-ce *avec* ou *sans* les 1 800 logements prévus à La Garenne ?

Si c'est avec, un BHNS suffit largement. Si c'est sans, je veux bien revoir ma position.""",
        "author": "thibault",
        "themes": ["trace", "intermodalite", "alternatives"],
        "channel": "online",
        "parent": "c04",
        "relation": "asks_clarification",
        "status": "published",
        "days_ago": 34,
    },
    # ------------------------------------------------------------------ bare stances
    {
        "key": "c06",
        "kind": "opinion",
        "title": "Bravo, enfin !",
        "body": "Bravo, enfin !",
        "author": "hugo",
        "themes": ["trace"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 39,
    },
    {
        "key": "c07",
        "kind": "opinion",
        "title": "Je suis contre ce projet.",
        "body": "Je suis contre ce projet.",
        "author": "sylvie",
        "themes": ["trace", "urbanisme"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 35,
    },
    {
        "key": "c08",
        "kind": "opinion",
        "title": "Pouvez-vous dire pourquoi ?",
        "body": """Bonjour, pouvez-vous expliquer pourquoi ? Ici, ce sont les arguments qui comptent, et le vôtre m'intéresse, même si je ne le partage probablement pas.""",
        "author": "lea",
        "themes": ["trace", "urbanisme"],
        "channel": "online",
        "parent": "c07",
        "relation": "asks_clarification",
        "status": "published",
        "days_ago": 34,
    },
    {
        "key": "c09",
        "kind": "opinion",
        "title": "Parce qu'on nous vend un tram et qu'on nous prépare une banlieue",
        "body": """Vous avez raison, je développe.

D'abord, j'habite La Garenne, et je ne sais toujours pas si ma maison fait partie des « emprises foncières » du dossier. Je vais d'ailleurs poser la question officiellement.

Ensuite, on nous vend un tram, mais on nous prépare 1 800 logements et une zone commerciale. La Garenne, aujourd'hui, ce sont des maisons, des jardins, des chemins où les enfants vont à l'école à vélo. Dans dix ans, ce sera une banlieue comme une autre.

Enfin, 318 millions, c'est beaucoup d'argent public pour gagner un quart d'heure. Je préférerais qu'on améliore les bus qui existent.""",
        "author": "sylvie",
        "themes": ["trace", "urbanisme"],
        "channel": "online",
        "parent": "c08",
        "relation": "nuances",
        "status": "published",
        "days_ago": 33,
    },
    {
        "key": "c10",
        "kind": "opinion",
        "title": "Ce qui a abîmé le « village », ce sont les lotissements sans transports",
        "body": """Je comprends l'inquiétude pour votre maison, et j'espère vraiment que vous aurez une réponse claire. Mais je ne suis pas d'accord avec l'idée que tout irait bien sans le tram.

Les 1 800 logements de La Garenne sont inscrits au plan d'urbanisme depuis des années, tram ou pas tram. Sans tram, ce seront 1 800 logements avec deux voitures chacun, sur une route départementale déjà saturée.

J'ai grandi à Saint-Orens. Ce qui a abîmé le « village », ce n'est pas un tram : ce sont les lotissements posés au milieu des champs sans aucun transport, et les ronds-points qui vont avec.""",
        "author": "lea",
        "themes": ["trace", "urbanisme"],
        "channel": "online",
        "parent": "c09",
        "relation": "objects",
        "status": "published",
        "days_ago": 32,
    },
    # ------------------------------------------------------------------ questions: cost
    {
        "key": "c11",
        "kind": "question",
        "title": "Coût au kilomètre et risque de dérapage : quelles garanties ?",
        "body": """Le dossier annonce 318 M€ HT pour 6,9 km, soit environ 46 M€ du kilomètre. Trois questions au maître d'ouvrage :

1. Ce montant inclut-il les acquisitions foncières, le déplacement des réseaux (eau, gaz, électricité, fibre) et l'extension du centre de maintenance ?
2. Quelle provision pour aléas a été retenue, et sur quelle base ?
3. Que se passe-t-il si l'État ne retient pas le projet dans son appel à projets ? La Métropole porte-t-elle seule la différence, et avec quel effet sur les impôts locaux ?""",
        "author": "jfabre",
        "themes": ["cout"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 36,
    },
    {
        "key": "c12",
        "kind": "opinion",
        "title": "La décomposition du coût est en annexe 4 du dossier",
        "body": """En attendant la réponse officielle : le dossier détaille la décomposition du coût en **annexe 4** (pages 112 à 118). Les acquisitions foncières y figurent (21 M€), ainsi que le déplacement des réseaux (38 M€) et le matériel roulant (34 M€). La provision pour aléas est de 10 %.

Pour comparaison, les extensions de tramway réalisées en France ces dernières années se situent souvent entre 25 et 50 M€ par kilomètre selon la complexité du milieu urbain. Le projet est donc dans le haut de la fourchette, ce qui s'explique en partie par la reprise du pont des Arches. Voir aussi cette [synthèse sur les coûts des transports en site propre](https://example.org/observatoire-couts-tcsp).""",
        "author": "urbasud",
        "themes": ["cout"],
        "channel": "online",
        "parent": "c11",
        "relation": "provides_source",
        "status": "published",
        "days_ago": 33,
    },
    {
        "key": "c13",
        "kind": "opinion",
        "title": "10 % d'aléas, c'est peu pour un pont de 1872",
        "body": """Merci, je n'avais pas vu l'annexe. Mais 10 % d'aléas pour un projet qui comprend la reprise d'un pont en maçonnerie du XIXe siècle, c'est optimiste. Sur ce type d'ouvrage, on découvre souvent l'état réel des fondations une fois le chantier ouvert.

Je maintiens donc ma troisième question au maître d'ouvrage.""",
        "author": "jfabre",
        "themes": ["cout"],
        "channel": "online",
        "parent": "c12",
        "relation": "nuances",
        "status": "published",
        "days_ago": 31,
    },
    # ------------------------------------------------------------------ questions: works
    {
        "key": "c14",
        "kind": "question",
        "title": "Combien de temps durera le chantier devant chez nous, avenue de la Libération ?",
        "body": """J'habite avenue de la Libération, au-dessus de la pharmacie. J'aimerais savoir, concrètement :

- quand les travaux commenceraient sur notre tronçon ;
- combien de temps ils y dureraient, réseaux compris ;
- si l'on pourra toujours accéder aux garages et aux entrées d'immeubles pendant tout ce temps.

Merci de répondre précisément, et pas par un « à partir de 2028 ».""",
        "author": "gerard",
        "themes": ["travaux"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 34,
    },
    {
        "key": "c15",
        "kind": "question",
        "title": "Une commission d'indemnisation des commerçants est-elle prévue pendant les travaux ?",
        "body": """Je tiens une boulangerie rue des Tanneurs depuis 2006. Si la rue est éventrée pendant deux ans, je perds mes clients de passage, c'est-à-dire près de la moitié de mon chiffre d'affaires.

Ma question au maître d'ouvrage : une **commission d'indemnisation à l'amiable** sera-t-elle mise en place, comme cela s'est fait dans d'autres villes, avec quels critères et quels délais de paiement ? Et sera-t-elle active dès les travaux de déviation des réseaux, ou seulement pendant le chantier du tram lui-même ?""",
        "author": "fournil",
        "themes": ["travaux", "urbanisme"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 32,
    },
    {
        "key": "c16",
        "kind": "opinion",
        "title": "Les délais de paiement doivent être écrits noir sur blanc",
        "body": """Entièrement d'accord. Pendant le chantier de la T1, j'ai vu fermer deux commerces de ma rue avant même la fin des travaux : les indemnisations sont arrivées trop tard. Il faut des acomptes, et des délais écrits noir sur blanc.""",
        "author": "sylvie",
        "themes": ["travaux", "urbanisme"],
        "channel": "online",
        "parent": "c15",
        "relation": "supports",
        "status": "published",
        "days_ago": 30,
    },
    {
        "key": "c17",
        "kind": "question",
        "title": "Bruit et vibrations : qu'est-il prévu dans la courbe de la rue des Tanneurs ?",
        "body": """Le tracé prévoit une courbe serrée à l'angle de la rue des Tanneurs et de l'avenue de la Libération, à moins de cinq mètres des façades. Les immeubles y sont anciens, sans fondations profondes.

- Quel niveau de bruit est prévu au passage des rames, de jour et de nuit ?
- Des dispositifs contre le crissement dans les courbes (graissage des rails, pose antivibratile) sont-ils prévus, ou seulement « étudiés » ?
- Un état des lieux des façades sera-t-il fait avant les travaux, par un commissaire de justice, aux frais du maître d'ouvrage ?""",
        "author": "gerard",
        "themes": ["travaux", "trace"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 30,
    },
    {
        "key": "c18",
        "kind": "opinion",
        "title": "Le crissement, on connaît déjà place de la Halle",
        "body": """Allez faire un tour place de la Halle à 23 heures, quand la T1 prend la courbe devant la fontaine : ça crisse à réveiller tout le quartier. Je soutiens la demande de pose antivibratile et de graissage, et je demande que ce soit inscrit dans les engagements du maître d'ouvrage.""",
        "author": "kbenali",
        "themes": ["travaux", "trace"],
        "channel": "online",
        "parent": "c17",
        "relation": "supports",
        "status": "published",
        "days_ago": 28,
    },
    {
        "key": "c19",
        "kind": "opinion",
        "title": "Les seuils réglementaires existent, mais ne traitent pas le crissement",
        "body": """Pour information, la réglementation fixe des plafonds de bruit pour les infrastructures ferroviaires nouvelles, mesurés en façade des logements : de l'ordre de **63 dB(A) le jour et 58 dB(A) la nuit** dans une zone où l'ambiance sonore est aujourd'hui modérée. Voir la [fiche de synthèse réglementaire](https://example.org/bruit-infrastructures-ferroviaires).

Mais ces seuils portent sur un niveau moyen. Le crissement dans les courbes est un bruit de pointe, bref et aigu, que la moyenne lisse presque entièrement. C'est un angle mort de la réglementation, et donc un point sur lequel il faut des engagements spécifiques.""",
        "author": "urbasud",
        "themes": ["travaux", "trace"],
        "channel": "online",
        "parent": "c17",
        "relation": "provides_source",
        "status": "published",
        "days_ago": 27,
    },
    # ------------------------------------------------------------------ questions: land
    {
        "key": "c20",
        "kind": "question",
        "title": "Maisons expropriées à La Garenne : qui est concerné, et quand le saura-t-on ?",
        "body": """Le dossier parle de « 19 emprises foncières, dont 6 maisons d'habitation ». Il y a une carte page 74, mais à une échelle telle qu'on ne distingue pas les parcelles.

Je vis impasse des Mûriers, à La Garenne, et je ne sais pas si ma maison est concernée. Je trouve anormal de devoir le découvrir à l'occasion d'un débat public.

- Les propriétaires concernés ont-ils été contactés individuellement ?
- Quelle procédure : acquisition amiable d'abord, expropriation ensuite ?
- Sur quelle base les biens seront-ils estimés, et selon quel calendrier ?""",
        "author": "sylvie",
        "themes": ["urbanisme", "trace"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 29,
    },
    {
        "key": "c21",
        "kind": "opinion",
        "title": "Même inquiétude rue des Tanneurs",
        "body": """Même chose pour les deux maisons de la rue des Tanneurs dont parle le dossier. Les gens du quartier s'inquiètent et les rumeurs vont bon train. Il faudrait au minimum une permanence, en mairie de quartier, pour les propriétaires qui se posent la question.""",
        "author": "kbenali",
        "themes": ["urbanisme", "trace"],
        "channel": "online",
        "parent": "c20",
        "relation": "supports",
        "status": "published",
        "days_ago": 27,
    },
    # ------------------------------------------------------------------ questions: fares, frequency
    {
        "key": "c22",
        "kind": "question",
        "title": "Le prix du ticket va-t-il augmenter pour financer le prolongement ?",
        "body": """Je suis étudiante aux Fontanes et j'ai l'abonnement jeune. Question simple : le financement du prolongement passe-t-il par une hausse des tarifs ? Le dossier parle de « recettes commerciales » dans l'équilibre d'exploitation, sans dire si les tarifs bougeront.""",
        "author": "lea",
        "themes": ["cout", "intermodalite"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 27,
    },
    {
        "key": "c23",
        "kind": "opinion",
        "title": "Le ticket ne paie qu'une petite partie du service",
        "body": """Il faut savoir que, dans la plupart des réseaux français, les billets et abonnements ne couvrent qu'une part minoritaire du coût d'exploitation, souvent entre un quart et un tiers. Le reste vient du versement mobilité payé par les employeurs et des budgets des collectivités.

Donc, même sans hausse du ticket, vous paierez d'une autre manière. La vraie question est plutôt : qui paie quoi, et est-ce juste ?""",
        "author": "thibault",
        "themes": ["cout", "intermodalite"],
        "channel": "online",
        "parent": "c22",
        "relation": "nuances",
        "status": "published",
        "days_ago": 25,
    },
    {
        "key": "c24",
        "kind": "question",
        "title": "Quelle fréquence le soir et le dimanche ?",
        "body": """Le dossier annonce un tram toutes les 6 minutes à l'heure de pointe. Très bien. Mais aux Tanneries, beaucoup d'habitants travaillent en horaires décalés : commerce, nettoyage, restauration, logistique.

Quelle sera la fréquence après 21 heures, et le dimanche matin ? Si c'est un tram toutes les vingt minutes, on aura construit une ligne pour ceux qui travaillent de 9 heures à 18 heures, et pas pour les autres.""",
        "author": "kbenali",
        "themes": ["intermodalite"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 24,
    },
    {
        "key": "c25",
        "kind": "question",
        "title": "Premier tram à quelle heure ? Les relèves commencent avant 6 heures",
        "body": """Je suis aide-soignante au centre hospitalier des Coteaux et j'habite aux Tanneries. Chez nous, l'équipe du matin prend son poste à 6 heures, celle de nuit à 21 heures. À la zone logistique de La Garenne, les entrepôts tournent en 3×8 et la première équipe commence à **5 heures**.

Le dossier indique un service « de 5 h 15 à 0 h 30 », sans préciser de quel terminus ni dans quel sens. Si les premières rames partent du dépôt des Fontanes, à l'autre bout de la ligne, elles n'arriveront pas chez nous avant 6 heures. Résultat : tous ceux qui commencent tôt continueront à venir en voiture, ou à pied dans le noir.

Pouvez-vous publier les horaires de **premier et de dernier passage à chaque station, dans les deux sens**, et les caler sur les horaires de relève de l'hôpital et des entreprises qui travaillent en équipes ?""",
        "author": "yasmine",
        "themes": ["intermodalite"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 22,
    },
    # ------------------------------------------------------------------ trees (depth 3)
    {
        "key": "c26",
        "kind": "question",
        "title": "Combien d'arbres abattus exactement, et que replante-t-on ?",
        "body": """Le dossier parle de 174 platanes abattus sur les 286 de l'avenue de la Libération, « compensés » par 450 plantations sur l'ensemble du tracé. Deux questions :

1. Un platane de quatre-vingts ans et un jeune arbre de quatre mètres n'ont rien à voir en ombre et en fraîcheur. Sur quelle base parle-t-on de compensation ?
2. Quelles essences, quelle taille à la plantation, et qui garantit l'arrosage et le remplacement des arbres morts pendant les premières années ?""",
        "author": "annesophie",
        "themes": ["environnement"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 31,
    },
    {
        "key": "c27",
        "kind": "opinion",
        "title": "Une partie des platanes est déjà malade : ce que dit le diagnostic",
        "body": """Élément important pour le débat : le diagnostic phytosanitaire joint au dossier ([diagnostic écologique, chapitre 3](https://example.org/debat-t2/diagnostic-ecologique)) indique que **31 platanes** de l'avenue présentent des signes de dépérissement, et rappelle que la région est touchée par le *chancre coloré*, une maladie qui impose l'abattage des arbres contaminés et de leurs voisins.

Cela ne justifie pas tout : les 143 autres abattages sont liés au tracé, pas à la maladie. Mais cela veut dire que le statu quo n'est pas non plus une garantie pour l'alignement.""",
        "author": "vne",
        "themes": ["environnement"],
        "channel": "online",
        "parent": "c26",
        "relation": "provides_source",
        "status": "published",
        "days_ago": 29,
    },
    {
        "key": "c28",
        "kind": "opinion",
        "title": "Raison de plus pour diversifier, mais la fraîcheur dépendra de ce qu'on garde",
        "body": """Merci, je ne connaissais pas ce chiffre. Raison de plus pour ne pas replanter un alignement de platanes en monoculture, et pour choisir des essences variées, adaptées à la sécheresse.

Mais cela ne change rien au fond de ma question : la fraîcheur de l'avenue en 2035 dépendra de ce qu'on garde, pas de ce qu'on plante.""",
        "author": "annesophie",
        "themes": ["environnement"],
        "channel": "online",
        "parent": "c27",
        "relation": "nuances",
        "status": "published",
        "days_ago": 28,
    },
    {
        "key": "c29",
        "kind": "opinion",
        "title": "Sous les platanes, on respire",
        "body": """C'est exactement ça. En juillet dernier, il faisait plusieurs degrés de moins sous les platanes que sur le parking du supermarché, à cent mètres. On le sent physiquement quand on a mon âge.""",
        "author": "gerard",
        "themes": ["environnement"],
        "channel": "online",
        "parent": "c28",
        "relation": "supports",
        "status": "published",
        "days_ago": 26,
    },
    # ------------------------------------------------------------------ more questions
    {
        "key": "c30",
        "kind": "question",
        "title": "Comment les élèves traverseront-ils la plateforme devant le lycée des Capucins ?",
        "body": """Mes enfants vont à l'école des Tilleuls et au lycée des Capucins. Le tram passera entre les deux établissements, à l'heure où des centaines d'enfants et d'adolescents traversent en même temps, souvent le nez sur leur téléphone.

- Combien de traversées piétonnes protégées sont prévues sur ce tronçon ?
- Y aura-t-il des feux, ou seulement des passages « à la vigilance » ?
- Le tram ralentira-t-il aux heures d'entrée et de sortie des classes ?""",
        "author": "kbenali",
        "themes": ["trace", "intermodalite"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 26,
    },
    {
        "key": "c31",
        "kind": "question",
        "title": "Annonces sonores ET visuelles, dans les rames et sur les quais, y compris en cas d'incident ?",
        "body": """Je suis sourde de naissance. Sur la ligne T2 actuelle, les écrans des rames affichent la prochaine station, c'est très bien. Mais quand il y a une perturbation (« terminus à Pont-Vieux, veuillez descendre »), l'annonce est **uniquement sonore**. Un soir, je suis restée dans une rame qui repartait vers le dépôt, sans avoir rien compris.

À l'inverse, un ami malvoyant ne peut pas lire les écrans des quais, et les bornes d'information ne parlent pas.

Pour le prolongement, pouvez-vous vous engager à ce que **toute** information, y compris les perturbations imprévues, soit donnée à la fois en texte et en son, dans les rames et aux stations ? Et à faire tester le dispositif par des associations de personnes sourdes et de personnes aveugles avant la mise en service ?""",
        "author": "claire",
        "themes": ["intermodalite"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 20,
    },
    # ------------------------------------------------------------------ proposal: BHNS (depth 3)
    {
        "key": "c32",
        "kind": "proposal",
        "title": "Proposition : un BHNS en site propre, et la différence pour le réseau de bus",
        "body": """Je propose que le débat examine sérieusement l'**option C** du dossier, écartée un peu vite à mon sens : un bus à haut niveau de service sur le même tracé.

**Ce que je propose concrètement :**

- un site propre intégral entre Pont-Vieux et Saint-Orens, avec priorité absolue aux feux ;
- des bus électriques articulés, toutes les 5 minutes à l'heure de pointe ;
- des stations de même qualité qu'une station de tram : quais à niveau, abris, information en temps réel ;
- **les quelque 190 M€ économisés** affectés à un plan bus pour les communes de la deuxième couronne et à la rénovation des pôles d'échanges.

Le dossier reconnaît lui-même que le BHNS serait seulement 4 minutes plus lent sur l'ensemble du trajet. Est-ce que 4 minutes valent 190 millions ?

Et si un jour la fréquentation dépasse vraiment la capacité, la plateforme sera déjà là pour passer au tram.""",
        "author": "thibault",
        "themes": ["alternatives", "cout"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 30,
    },
    {
        "key": "c33",
        "kind": "opinion",
        "title": "Enfin une proposition raisonnable",
        "body": """Enfin une proposition raisonnable. Et qui pourrait sans doute être en service plusieurs années plus tôt qu'un tram, avec un chantier moins long pour les riverains.""",
        "author": "sylvie",
        "themes": ["alternatives", "cout"],
        "channel": "online",
        "parent": "c32",
        "relation": "supports",
        "status": "published",
        "days_ago": 29,
    },
    {
        "key": "c34",
        "kind": "opinion",
        "title": "Le BHNS « convertible en tram », on n'en voit jamais",
        "body": """Je ne crois pas à l'argument de la conversion. Une plateforme de BHNS n'est pas dimensionnée pour le poids d'un tram, les réseaux souterrains n'ont pas été déplacés, les stations n'ont pas la bonne longueur. Convertir, c'est refaire.

Et il y a un autre point : le tram a un effet d'image et de permanence que le bus n'a pas. Les gens changent leurs habitudes pour un tram, beaucoup moins pour un bus, même « à haut niveau de service ». Je préfère payer une fois une infrastructure qui durera cinquante ans.""",
        "author": "rayon",
        "themes": ["alternatives", "cout"],
        "channel": "online",
        "parent": "c32",
        "relation": "objects",
        "status": "published",
        "days_ago": 28,
    },
    {
        "key": "c35",
        "kind": "opinion",
        "title": "Sur quelles données repose l'idée que les gens préfèrent le tram ?",
        "body": """« Les gens changent leurs habitudes pour un tram, beaucoup moins pour un bus » : c'est souvent dit, mais avez-vous une étude qui le montre à tracé et fréquence identiques ?

Je pose la question sincèrement : c'est l'argument central des défenseurs du tram, et je ne l'ai jamais vu chiffré.""",
        "author": "thibault",
        "themes": ["alternatives", "cout"],
        "channel": "online",
        "parent": "c34",
        "relation": "asks_clarification",
        "status": "published",
        "days_ago": 27,
    },
    {
        "key": "c36",
        "kind": "opinion",
        "title": "L'« effet rail » est documenté, mais discuté",
        "body": """La littérature parle d'un « effet rail » (*rail factor* en anglais) : à service comparable, une partie des usagers préfère le mode ferré, pour le confort, la lisibilité de la ligne et le sentiment de permanence. Les études l'estiment à un supplément de fréquentation allant de quelques pourcents à 15 ou 20 %, mais la fourchette est large et dépend beaucoup de la qualité du BHNS auquel on compare le tram.

Deux lectures utiles :

- une [synthèse de travaux sur l'effet rail](https://example.org/effet-rail-synthese) ;
- des [retours d'expérience de réseaux ayant choisi le BHNS](https://example.org/retours-experience-bhns).

En bref : l'effet existe, mais il ne tranche pas le débat à lui seul.""",
        "author": "urbasud",
        "themes": ["alternatives", "cout"],
        "channel": "online",
        "parent": "c35",
        "relation": "provides_source",
        "status": "published",
        "days_ago": 26,
    },
    # ------------------------------------------------------------------ proposal: hospital route (depth 3)
    {
        "key": "c37",
        "kind": "proposal",
        "title": "Faire passer le tram par le boulevard de l'Hôpital (option B)",
        "body": """Le tracé de référence passe à 700 mètres du centre hospitalier des Coteaux, en bas d'une côte. C'est une occasion manquée.

L'hôpital, ce sont des milliers de salariés, de patients et de visiteurs chaque jour, dont beaucoup de personnes âgées ou fragiles qui ne peuvent pas monter 700 mètres à pied. Je propose de retenir l'**option B** du dossier : passage par le boulevard de l'Hôpital, avec une station devant l'entrée principale.

Le dossier l'écarte pour un surcoût de 41 M€ et 3 minutes de trajet en plus. Mais il ne chiffre ni les déplacements en voiture évités vers l'hôpital, ni le parking qu'on n'aura pas à agrandir.""",
        "author": "jfabre",
        "themes": ["trace", "alternatives"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 28,
    },
    {
        "key": "c38",
        "kind": "opinion",
        "title": "Une station devant l'hôpital servira plus qu'une station au rond-point",
        "body": """Je soutiens. Ma mère a été suivie aux Coteaux pendant un an : sans voiture, c'était impossible. Une station devant l'hôpital servira bien plus qu'une station au milieu d'un rond-point.""",
        "author": "annesophie",
        "themes": ["trace", "alternatives"],
        "channel": "online",
        "parent": "c37",
        "relation": "supports",
        "status": "published",
        "days_ago": 27,
    },
    {
        "key": "c39",
        "kind": "opinion",
        "title": "Le boulevard de l'Hôpital fait 14 mètres de large, en pente",
        "body": """J'habite boulevard de l'Hôpital. Dans sa partie haute, il fait 14 mètres de façade à façade, avec une pente que les bus ont déjà du mal à monter quand il gèle. Y faire passer un tram à double voie, c'est supprimer tout le stationnement, réduire les trottoirs au minimum, et probablement exproprier des maisons dont personne ne parle.

Je comprends l'intérêt pour l'hôpital. Mais pourquoi pas une **navette électrique fréquente** entre la station Capucins et l'entrée de l'hôpital, plutôt que de reporter le problème sur les riverains du boulevard ?""",
        "author": "hugo",
        "themes": ["trace", "alternatives"],
        "channel": "online",
        "parent": "c37",
        "relation": "objects",
        "status": "published",
        "days_ago": 26,
    },
    {
        "key": "c40",
        "kind": "opinion",
        "title": "La navette, d'accord, mais avec de vraies garanties",
        "body": """Votre description du boulevard est juste, et je n'avais pas mesuré la question de la largeur. Une navette cadencée peut être une solution intermédiaire, à trois conditions :

- qu'elle soit calée sur chaque tram, sans attente ;
- qu'elle fonctionne tôt le matin et tard le soir, aux horaires du personnel ;
- qu'elle ne devienne pas la première ligne supprimée à la prochaine économie budgétaire. On a déjà vu ça.""",
        "author": "jfabre",
        "themes": ["trace", "alternatives"],
        "channel": "online",
        "parent": "c39",
        "relation": "nuances",
        "status": "published",
        "days_ago": 25,
    },
    {
        "key": "c41",
        "kind": "opinion",
        "title": "Les chiffres de l'option B, pages 58 à 60 du dossier",
        "body": """Pour que chacun dispose des mêmes éléments : l'option B est décrite pages 58 à 60 du dossier du maître d'ouvrage.

- tracé allongé de 1,2 km, avec une station supplémentaire « Centre hospitalier » ;
- surcoût de 41 M€ ;
- trajet Saint-Orens – Pont-Vieux rallongé de 3 minutes ;
- pente maximale de 7 %, compatible avec un tramway moderne ;
- gain de fréquentation estimé par l'étude de trafic : environ 3 500 voyages par jour.

Le dossier ne dit rien, en revanche, d'une éventuelle navette : ce serait une quatrième option à lui demander d'étudier.""",
        "author": "urbasud",
        "themes": ["trace", "alternatives"],
        "channel": "online",
        "parent": "c40",
        "relation": "provides_source",
        "status": "published",
        "days_ago": 24,
    },
    # ------------------------------------------------------------------ proposal: park-and-ride
    {
        "key": "c42",
        "kind": "proposal",
        "title": "Un second parc relais à la rocade, et pas seulement au terminus",
        "body": """Quel que soit le mode retenu (vous connaissez ma préférence pour un BHNS), la question du rabattement en voiture se pose. Le dossier prévoit un parc relais de 400 places au terminus Saint-Orens – Les Prés. C'est bien pour les habitants de Saint-Orens, moins pour ceux qui viennent des villages situés au-delà, par la départementale 14 : ils devront traverser tout le bourg pour l'atteindre.

Je propose :

- un **second parc relais** à l'échangeur de la rocade, station Rond-point de la Libération ;
- la gratuité pour les abonnés du réseau, un tarif pour les autres ;
- des places réservées au covoiturage et un abri sécurisé pour les vélos.

Sinon, on retrouvera des voitures garées dans toutes les rues autour des stations de Saint-Orens.""",
        "author": "thibault",
        "themes": ["intermodalite"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 26,
    },
    {
        "key": "c43",
        "kind": "opinion",
        "title": "À la rocade, oui, mais à la place du parc relais des Prés",
        "body": """D'accord pour un parc relais à la rocade, à condition qu'il **remplace** celui des Prés, prévu sur trois hectares de terres maraîchères irriguées. À la rocade, il y a l'ancien site de la jardinerie, fermé depuis des années : le sol y est déjà goudronné. Pourquoi aller bétonner un champ quand on a une friche à côté ?""",
        "author": "castagne",
        "themes": ["intermodalite"],
        "channel": "online",
        "parent": "c42",
        "relation": "nuances",
        "status": "published",
        "days_ago": 24,
    },
    # ------------------------------------------------------------------ proposal: night service
    {
        "key": "c44",
        "kind": "proposal",
        "title": "Un service de nuit le vendredi et le samedi",
        "body": """Je propose que la ligne prolongée fonctionne **toute la nuit le vendredi et le samedi**, au moins toutes les trente minutes, ou à défaut jusqu'à 2 heures du matin.

Aujourd'hui, pour rentrer à Saint-Orens après un concert ou une soirée en centre-ville, les jeunes ont le choix entre le taxi (trop cher), la voiture (avec les risques que l'on connaît) ou dormir chez quelqu'un. Un transport de nuit, c'est aussi une question de sécurité routière.""",
        "author": "lea",
        "themes": ["intermodalite"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 21,
    },
    {
        "key": "c45",
        "kind": "opinion",
        "title": "Et le sommeil des riverains ?",
        "body": """Je comprends pour les jeunes, j'ai été jeune aussi. Mais un tram toutes les trente minutes toute la nuit sous mes fenêtres, en plus des travaux de maintenance qui se font déjà la nuit, non. Un bus de nuit rendrait le même service sans bruit de roulement.""",
        "author": "gerard",
        "themes": ["intermodalite"],
        "channel": "online",
        "parent": "c44",
        "relation": "objects",
        "status": "published",
        "days_ago": 20,
    },
    {
        "key": "c46",
        "kind": "opinion",
        "title": "Un bus de nuit, pourquoi pas, s'il fait vraiment partie de la ligne",
        "body": """C'est un point juste. Je serais d'accord avec un bus de nuit sur le même itinéraire, à condition qu'il soit cadencé, affiché aux stations du tram et présenté comme faisant partie de la ligne, et pas une ligne fantôme que personne ne connaît. L'important, c'est de pouvoir rentrer.""",
        "author": "lea",
        "themes": ["intermodalite"],
        "channel": "online",
        "parent": "c45",
        "relation": "nuances",
        "status": "published",
        "days_ago": 19,
    },
    # ------------------------------------------------------------------ proposal: cycle track (depth 3)
    {
        "key": "c47",
        "kind": "proposal",
        "title": "Une piste cyclable continue et séparée le long de toute la ligne",
        "body": """Le dossier montre de jolies coupes de l'avenue de la Libération, avec… une bande cyclable peinte de 1,20 m entre le stationnement et la circulation. C'est exactement l'aménagement où l'on se prend une portière.

Je propose :

- une **piste cyclable séparée** sur tout le tracé : bidirectionnelle de 3 m, ou unidirectionnelle de 2 m de chaque côté ;
- une vraie continuité au rond-point de la Libération, aujourd'hui un repoussoir absolu pour les cyclistes ;
- sur l'ancienne voie ferrée entre La Garenne et Saint-Orens, une **voie verte** le long de la plateforme.

Le tram et le vélo ne se font pas concurrence, ils se complètent : à vélo, on rejoint facilement une station à deux ou trois kilomètres de chez soi.""",
        "author": "rayon",
        "themes": ["intermodalite", "trace"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 25,
    },
    {
        "key": "c48",
        "kind": "opinion",
        "title": "Encore des places de stationnement en moins",
        "body": """Trois mètres de piste, plus la plateforme, plus deux voies de circulation : il ne restera plus une seule place de stationnement sur l'avenue. Le dossier en supprime déjà 380.

Où se gareront les habitants, les artisans, les infirmières qui font des soins à domicile ? On ne peut pas toujours tout retirer aux mêmes.""",
        "author": "gerard",
        "themes": ["intermodalite", "trace"],
        "channel": "online",
        "parent": "c47",
        "relation": "objects",
        "status": "published",
        "days_ago": 23,
    },
    {
        "key": "c49",
        "kind": "opinion",
        "title": "Sur le stationnement, distinguons résidents et voitures ventouses",
        "body": """Je ne nie pas le problème, mais il faut le poser correctement. En journée, une bonne partie des places de l'avenue est occupée par des voitures de personnes qui travaillent en ville, pas par des résidents.

Il existe des solutions qui ne passent pas par le maintien de 380 places sur l'avenue :

- un stationnement réservé aux résidents dans les rues adjacentes ;
- des places dédiées aux professionnels de santé et aux livraisons ;
- l'ouverture la nuit du parking du marché aux riverains.""",
        "author": "rayon",
        "themes": ["intermodalite", "trace"],
        "channel": "online",
        "parent": "c48",
        "relation": "nuances",
        "status": "published",
        "days_ago": 22,
    },
    {
        "key": "c50",
        "kind": "opinion",
        "title": "Le parking du marché la nuit, à quel prix ?",
        "body": """Le parking du marché ouvert aux riverains la nuit, je n'y avais pas pensé. Mais à quel prix ? Au tarif horaire actuel, cela ferait près de 90 € par mois. Quelqu'un sait-il si la Métropole envisage un abonnement résident ?""",
        "author": "gerard",
        "themes": ["intermodalite", "trace"],
        "channel": "online",
        "parent": "c49",
        "relation": "asks_clarification",
        "status": "published",
        "days_ago": 21,
    },
    # ------------------------------------------------------------------ proposal: lateral platform
    {
        "key": "c51",
        "kind": "proposal",
        "title": "Décaler la plateforme pour sauver l'alignement nord, et l'engazonner",
        "body": """En regardant les coupes du dossier, je me demande pourquoi la plateforme est placée **au centre** de l'avenue, ce qui oblige à abattre des arbres des deux côtés.

Proposition :

1. placer la plateforme **latéralement**, côté sud, et conserver presque intact l'alignement nord, qui est aussi le plus sain d'après le diagnostic ;
2. **engazonner** la plateforme partout où c'est possible, pour limiter la chaleur et laisser s'infiltrer l'eau de pluie ;
3. faire vérifier ce scénario par un expert arboricole indépendant, avec une protection des racines pendant le chantier.

Je sais qu'une plateforme latérale complique les carrefours et les accès des riverains. Mais qu'on l'étudie, et qu'on nous dise précisément pourquoi ce serait impossible.""",
        "author": "annesophie",
        "themes": ["environnement", "trace"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 23,
    },
    {
        "key": "c52",
        "kind": "opinion",
        "title": "Nous soutenons l'étude d'une plateforme latérale",
        "body": """Notre association soutient cette proposition, que nous reprendrons dans notre cahier d'acteur. Une plateforme engazonnée bien conçue et une plateforme latérale ne sont pas des caprices d'écologistes : ce sont des solutions déjà mises en œuvre sur d'autres réseaux, qui méritent une étude sérieuse et publique.""",
        "author": "vne",
        "themes": ["environnement", "trace"],
        "channel": "online",
        "parent": "c51",
        "relation": "supports",
        "status": "published",
        "days_ago": 22,
    },
    # ------------------------------------------------------------------ proposal: phasing
    {
        "key": "c53",
        "kind": "proposal",
        "title": "Réaliser le projet en deux étapes : La Garenne d'abord, Saint-Orens ensuite ?",
        "body": """Une piste qui n'a pas encore été évoquée : réaliser le prolongement en deux phases.

- **Phase 1** : Pont-Vieux → La Garenne (environ 4 km, 5 stations), là où se concentrent les habitants, le lycée et le futur quartier ;
- **Phase 2** : La Garenne → Saint-Orens, par l'ancienne voie ferrée et le pont des Arches, une fois les études sur l'ouvrage approfondies.

Avantages : mise en service plus rapide du tronçon le plus chargé, étalement de la dépense, et le temps d'étudier sereinement le pont, dont l'état réel est la principale incertitude financière du projet.

Inconvénient, et il est de taille : Saint-Orens, qui est la raison d'être du projet, attendrait encore. Je le soumets au débat sans en être totalement convaincu moi-même.""",
        "author": "urbasud",
        "themes": ["cout", "trace", "alternatives"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 18,
    },
    {
        "key": "c54",
        "kind": "opinion",
        "title": "Non : on nous a déjà fait le coup du « dans un premier temps »",
        "body": """Très franchement, non. Quand la T2 a été mise en service en 2009, on nous expliquait déjà qu'elle s'arrêtait à Pont-Vieux « dans un premier temps ». Seize ans plus tard, nous sommes toujours au bout du 32.

Une phase 2 sans date, c'est une phase 2 qui n'existera pas. Si l'on phase, qu'on inscrive la phase 2 dans la délibération, **avec son financement**.""",
        "author": "marie",
        "themes": ["cout", "trace", "alternatives"],
        "channel": "online",
        "parent": "c53",
        "relation": "objects",
        "status": "published",
        "days_ago": 17,
    },
    {
        "key": "c55",
        "kind": "opinion",
        "title": "C'est un argument fort, et je le retiens",
        "body": """C'est un argument fort, et je le retiens. Un phasage n'a de sens que s'il est engagé juridiquement et financièrement dès le départ ; sinon, il sert surtout à repousser la partie difficile.""",
        "author": "urbasud",
        "themes": ["cout", "trace", "alternatives"],
        "channel": "online",
        "parent": "c54",
        "relation": "supports",
        "status": "published",
        "days_ago": 16,
    },
    # ------------------------------------------------------------------ stakeholder papers
    {
        "key": "c56",
        "kind": "stakeholder_paper",
        "title": "Cahier d'acteur de Belcombe à Vélo : un tram qui roule avec les vélos",
        "body": """**Qui sommes-nous ?**

Belcombe à Vélo est une association d'usagers du vélo au quotidien, fondée en 1996, qui agit pour que chacun puisse se déplacer à vélo en sécurité dans la métropole : salariés, parents, lycéens, retraités.

**Notre position**

Nous soutenons le prolongement de la T2 en tramway, à condition qu'il soit conçu *dès l'origine* avec le vélo, et non malgré lui.

**1. Des aménagements cyclables continus et séparés**

- des pistes séparées de la circulation et de la plateforme, d'au moins 2 m par sens ;
- un traitement spécifique du rond-point de la Libération (giratoire à pistes séparées ou carrefour à feux protégé) ;
- une voie verte le long de l'ancienne voie ferrée, de La Garenne à Saint-Orens, y compris sur le pont des Arches.

**2. Les rails : un danger à traiter**

Chaque année, des cyclistes chutent en coinçant leur roue dans un rail. Nous demandons :

- des traversées de voies à angle droit, ou aussi proches que possible de l'angle droit ;
- aucun itinéraire cyclable longeant un rail à moins d'un mètre ;
- un marquage et une signalisation explicites à chaque croisement.

**3. Du stationnement vélo à chaque station**

- des arceaux en libre accès à toutes les stations ;
- des **abris sécurisés**, ouverts avec la carte de transport, aux stations Rond-point de la Libération, La Garenne, Saint-Orens Centre et Saint-Orens – Les Prés ;
- des places pour les vélos cargos et les vélos adaptés.

**4. Les vélos à bord**

Autoriser les vélos à bord en dehors des heures de pointe, avec un emplacement identifié dans chaque nouvelle rame.

**5. Pendant les travaux**

Les chantiers de tramway sont souvent le moment où les cyclistes disparaissent des plans. Nous demandons un itinéraire provisoire, balisé et protégé, pendant toute la durée du chantier.

> Un tram bien conçu peut devenir l'épine dorsale du vélo dans le sud de la métropole. Un tram mal conçu peut en chasser les cyclistes pour dix ans.

Le cahier complet, avec des plans de principe, est joint au format PDF.""",
        "author": "asso_velo",
        "themes": ["intermodalite", "trace", "travaux"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 20,
    },
    {
        "key": "c57",
        "kind": "opinion",
        "title": "Les abris vélos sécurisés, indispensables aux stations de Saint-Orens",
        "body": """Entièrement d'accord sur les abris sécurisés. À Saint-Orens, beaucoup d'habitants vivent à deux ou trois kilomètres du bourg : le vélo jusqu'à la station est la seule solution réaliste pour eux, à condition de le retrouver le soir.""",
        "author": "jfabre",
        "themes": ["intermodalite", "trace", "travaux"],
        "channel": "online",
        "parent": "c56",
        "relation": "supports",
        "status": "published",
        "days_ago": 18,
    },
    {
        "key": "c58",
        "kind": "stakeholder_paper",
        "title": "Cahier d'acteur de la CCI Belcombe-Vaurèze : accompagner le commerce avant, pendant et après le chantier",
        "body": """**La CCI et le projet**

La Chambre de commerce et d'industrie Belcombe-Vaurèze représente les entreprises du commerce, de l'industrie et des services du territoire. Le long du tracé, nous recensons environ 230 établissements : commerces de proximité, services, artisans, ainsi que les entreprises de la zone d'activités de La Garenne.

**Notre position**

La CCI est favorable à un transport collectif performant vers le sud de la métropole, indispensable à l'accès à l'emploi et à l'attractivité des zones d'activités. Elle sera toutefois très attentive aux conditions de réalisation : l'expérience de la ligne T1 montre que ce sont les années de chantier, bien plus que le tram lui-même, qui mettent en danger les commerces fragiles.

**Avant les travaux**

- la désignation d'un **médiateur commerce** unique et joignable, dès la phase de déviation des réseaux ;
- un diagnostic individuel de chaque commerce situé sur le tracé ;
- un calendrier précis, tronçon par tronçon, communiqué au moins six mois à l'avance.

**Pendant les travaux**

- une **commission d'indemnisation à l'amiable**, indépendante, avec des acomptes versés dans un délai de trois mois ;
- le maintien permanent des accès piétons et des livraisons, et une signalétique « commerces ouverts » ;
- des travaux par tronçons courts, sans ouverture simultanée de toute l'avenue ;
- des actions de communication et d'animation commerciale financées par le maître d'ouvrage.

**Après les travaux**

- des aires de livraison en nombre suffisant avenue de la Libération et rue des Tanneurs ;
- quelques places de stationnement de très courte durée à proximité des commerces ;
- une vigilance sur l'évolution des loyers commerciaux autour des stations.

**Sur le tracé**

La CCI soutient une station au plus près du cœur commerçant du Faubourg Saint-Jacques, et demande que la zone d'activités de La Garenne soit desservie à moins de 300 mètres des principales entreprises.""",
        "author": "cci",
        "themes": ["travaux", "urbanisme", "cout"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 16,
    },
    {
        "key": "c59",
        "kind": "opinion",
        "title": "Les clients des commerces de quartier viennent surtout à pied",
        "body": """Sur l'accompagnement pendant le chantier, rien à redire. Mais derrière la demande de stationnement « à proximité des commerces », on retrouve l'idée que les clients viennent en voiture. Or on sait que les commerçants surestiment souvent la part de leurs clients motorisés. Rue des Tanneurs, la clientèle, ce sont d'abord les habitants du quartier, à pied.""",
        "author": "rayon",
        "themes": ["travaux", "urbanisme", "cout"],
        "channel": "online",
        "parent": "c58",
        "relation": "objects",
        "status": "published",
        "days_ago": 15,
    },
    {
        "key": "c60",
        "kind": "opinion",
        "title": "Le matin, mes clients sont en voiture ; le samedi, ils sont à pied",
        "body": """Je ne sais pas ce qui se passe ailleurs. Chez moi, le matin, les clients qui s'arrêtent pour prendre le pain avant d'aller au travail sont des automobilistes : je les vois se garer. Le samedi, en revanche, c'est vrai que ce sont surtout des gens du quartier, à pied ou avec une poussette.

Les deux existent. Ce que je demande, ce sont quelques places pour s'arrêter cinq minutes, pas un parking.""",
        "author": "fournil",
        "themes": ["travaux", "urbanisme", "cout"],
        "channel": "online",
        "parent": "c59",
        "relation": "nuances",
        "status": "published",
        "days_ago": 14,
    },
    {
        "key": "c61",
        "kind": "opinion",
        "title": "Ce que disent les enquêtes sur l'accès aux commerces",
        "body": """Pour documenter ce point sans trancher entre vous : plusieurs enquêtes ont comparé ce que les commerçants pensent du mode de venue de leurs clients avec ce que déclarent les clients eux-mêmes, interrogés à la sortie des magasins. Elles montrent en général un écart important, les commerçants surestimant la part de la voiture. Voir par exemple [cette synthèse sur le commerce de centre-ville et les modes d'accès](https://example.org/commerce-modes-acces).

Cela n'invalide pas ce que vous observez le matin : l'arrêt rapide pour le pain est un usage réel, que des places de très courte durée, bien contrôlées, peuvent servir sans occuper l'avenue toute la journée.""",
        "author": "urbasud",
        "themes": ["travaux", "urbanisme", "cout"],
        "channel": "online",
        "parent": "c60",
        "relation": "provides_source",
        "status": "published",
        "days_ago": 13,
    },
    {
        "key": "c62",
        "kind": "stakeholder_paper",
        "title": "Cahier d'acteur de Vaurèze Nature Environnement : pour un tram qui n'oublie pas le vivant",
        "body": """**Présentation**

Vaurèze Nature Environnement est une association de protection de la nature agréée, active depuis 1978 dans la vallée de la Vaurèze. Elle mène des inventaires naturalistes, des actions d'éducation à l'environnement et participe aux instances de concertation locales.

**Notre position**

Nous ne sommes pas opposés au tramway : c'est l'un des modes de transport les moins émetteurs par voyageur, et il peut aider à réduire la place de la voiture dans le sud de la métropole. Mais un projet de transport n'est vraiment écologique que s'il respecte le vivant sur son passage. Le dossier du maître d'ouvrage sous-estime trois enjeux.

**1. Les arbres de l'avenue de la Libération**

- étudier sérieusement une plateforme latérale permettant de conserver l'alignement nord ;
- raisonner en **surface de canopée** (l'ombre réellement apportée) et non en nombre d'arbres plantés ;
- prévoir un contrat d'entretien et de remplacement sur au moins cinq ans pour les nouvelles plantations ;
- diversifier les essences, face au chancre coloré et aux sécheresses.

**2. La traversée de la vallée de la Vaurèze**

Entre Les Prés-Verts et Saint-Orens, le tracé longe une prairie humide et la ripisylve de la Vaurèze, où nichent le martin-pêcheur et où vit l'agrion de Mercure, une petite libellule protégée. Nous demandons :

- un inventaire de la faune et de la flore sur un cycle complet de quatre saisons, et non sur deux passages au printemps ;
- aucune installation de chantier ni stockage de matériaux dans la zone humide ;
- un éclairage nocturne minimal, orienté vers le sol, sur tout ce tronçon.

**3. Les terres agricoles et l'artificialisation**

Le parc relais du terminus consommerait environ trois hectares de terres maraîchères. Nous demandons qu'il soit réalisé en ouvrage sur un site déjà artificialisé, et que le maître d'ouvrage distingue clairement ce qui relève du projet de transport de ce qui relève des projets d'urbanisation voisins.

**Nos demandes en résumé**

1. Une variante de plateforme latérale étudiée et rendue publique avant la fin du débat.
2. Un inventaire naturaliste sur quatre saisons avant l'étude d'impact.
3. Zéro installation de chantier en zone humide.
4. Un parc relais sans consommation de terres agricoles.""",
        "author": "vne",
        "themes": ["environnement", "urbanisme"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 11,
    },
    {
        "key": "c63",
        "kind": "opinion",
        "title": "Raisonner en surface de canopée : enfin le bon indicateur",
        "body": """Merci pour ce cahier, et en particulier pour l'idée de compter en **surface de canopée**. C'est exactement ce que je demandais au début du débat, en mieux formulé. Un arbre n'est pas une unité interchangeable.""",
        "author": "annesophie",
        "themes": ["environnement", "urbanisme"],
        "channel": "online",
        "parent": "c62",
        "relation": "supports",
        "status": "published",
        "days_ago": 10,
    },
    # ------------------------------------------------------------------ farmland (depth 3)
    {
        "key": "c64",
        "kind": "opinion",
        "title": "Le tram ne doit pas servir de prétexte à bétonner les prés de Saint-Orens",
        "body": """Je suis maraîcher aux Prés depuis trente-quatre ans, comme mon père avant moi. Le dossier présente le tram comme un projet de transport. Mais quand on le lit bien, page 22, on voit que le tracé a aussi été choisi pour « accompagner l'ouverture à l'urbanisation » de **40 hectares** entre La Garenne et Saint-Orens.

Ces 40 hectares, ce sont parmi les meilleures terres de la vallée, irriguées, à vingt minutes du marché de gros. Une fois qu'on a coulé du béton dessus, c'est fini, pour toujours.

Je ne suis pas contre le tram. Je suis contre le fait qu'on débatte d'un tram alors qu'en réalité on décide d'un quartier. Qu'on nous dise clairement ce qui est prévu sur ces terres.""",
        "author": "castagne",
        "themes": ["urbanisme", "environnement"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 27,
    },
    {
        "key": "c65",
        "kind": "opinion",
        "title": "Sans densification autour des stations, un tram n'a pas de sens",
        "body": """Je comprends votre attachement à ces terres, et la question mérite d'être posée clairement. Mais il faut être cohérent : un tram coûte cher et ne se justifie que s'il dessert des habitants et des emplois.

Sans densification autour des stations, on construit une ligne qui roule à moitié vide, et les logements dont l'agglomération a besoin iront s'étaler plus loin, en lotissements desservis par la seule voiture. C'est pire pour les terres agricoles, pas mieux.""",
        "author": "urbasud",
        "themes": ["urbanisme", "environnement"],
        "channel": "online",
        "parent": "c64",
        "relation": "objects",
        "status": "published",
        "days_ago": 26,
    },
    {
        "key": "c66",
        "kind": "opinion",
        "title": "Densifier, oui, mais là où c'est déjà construit",
        "body": """Densifier, je veux bien. Mais densifier, c'est construire là où c'est déjà construit : les friches de la zone de La Garenne, l'ancienne jardinerie, les parkings du centre commercial. Pas sur des terres irriguées.

Le dossier ne compare jamais ces possibilités. Et on parle de « besoins de logements » : 1 800 logements à La Garenne, plus ces 40 hectares, pour quels besoins exactement, et calculés par qui ?""",
        "author": "castagne",
        "themes": ["urbanisme", "environnement"],
        "channel": "online",
        "parent": "c65",
        "relation": "objects",
        "status": "published",
        "days_ago": 25,
    },
    {
        "key": "c67",
        "kind": "opinion",
        "title": "Le cadre légal : l'objectif de zéro artificialisation nette",
        "body": """Pour éclairer ce point : la loi Climat et résilience de 2021 fixe un objectif de **zéro artificialisation nette** des sols en 2050, avec, pour la décennie 2021-2031, une division par deux de la consommation d'espaces naturels, agricoles et forestiers par rapport à la décennie précédente. Voir la [fiche de présentation de l'objectif ZAN](https://example.org/zan-presentation).

Dans ce cadre, l'ouverture à l'urbanisation de 40 hectares agricoles devra être justifiée dans le document d'urbanisme intercommunal. Le débat sur le tram ne tranchera pas cette question, mais il peut légitimement demander au maître d'ouvrage de dire ce qui relève du projet de transport et ce qui relève d'un projet urbain.""",
        "author": "vne",
        "themes": ["urbanisme", "environnement"],
        "channel": "online",
        "parent": "c66",
        "relation": "provides_source",
        "status": "published",
        "days_ago": 24,
    },
    # ------------------------------------------------------------------ other opinions
    {
        "key": "c68",
        "kind": "opinion",
        "title": "Le tram revient au Faubourg, plus de soixante-dix ans après",
        "body": """Mon grand-père était wattman sur l'ancien tramway de Belcombe, celui qui montait au Faubourg Saint-Jacques jusqu'en 1952. On l'a démonté pour « faire place à l'automobile ». Je trouve qu'il y a une certaine justice à le voir revenir.

Cela dit, je serai vigilant sur les travaux (voir ma question plus haut). Mais sur le principe : oui.""",
        "author": "gerard",
        "themes": ["trace", "urbanisme"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 33,
    },
    {
        "key": "c69",
        "kind": "opinion",
        "title": "Pour les Tanneries, ce tram est une question d'accès à l'emploi",
        "body": """On parle beaucoup de Saint-Orens, mais la ligne traverse d'abord les Tanneries, un quartier où près d'un ménage sur deux n'a pas de voiture. Les zones d'emploi du sud (la zone logistique de La Garenne, l'hôpital, les grandes surfaces de la rocade) sont à quatre ou cinq kilomètres, mal reliées.

Pour les jeunes du quartier qui cherchent un premier emploi, ou pour les femmes qui travaillent en horaires décalés, le tram peut changer la donne, à condition que :

- la station des Tanneries soit **au cœur du quartier**, pas à sa lisière le long de la rue des Tanneurs ;
- les horaires suivent (voir ma question sur la fréquence du soir) ;
- le chantier profite aussi aux habitants, avec une **clause d'insertion** dans les marchés de travaux.""",
        "author": "kbenali",
        "themes": ["urbanisme", "intermodalite"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 23,
    },
    {
        "key": "c70",
        "kind": "opinion",
        "title": "Le tram arrive, les loyers montent, et les habitants partent ?",
        "body": """Je suis locataire aux Tanneries. Tout le monde est content qu'un tram arrive dans le quartier, moi la première. Mais je vois déjà les panneaux des promoteurs : « à deux pas du futur tram ». Mon propriétaire m'a fait comprendre qu'à la fin du bail, le loyer suivrait « le marché ».

Le tram est fait pour les gens qui habitent ici. Ce serait absurde qu'il serve surtout à les remplacer par d'autres. Qu'est-ce que la Métropole prévoit pour **protéger les locataires actuels** et garder des logements sociaux autour des stations ?""",
        "author": "yasmine",
        "themes": ["urbanisme"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 22,
    },
    {
        "key": "c71",
        "kind": "opinion",
        "title": "Les outils existent, il faut les inscrire dans le projet",
        "body": """C'est la vraie question pour notre quartier. Une part de logements sociaux dans chaque programme neuf près des stations, la maîtrise du foncier par la Métropole, un dispositif d'encadrement des loyers : ces outils existent. Il faut les inscrire dans le projet dès maintenant, pas une fois les prix envolés.""",
        "author": "kbenali",
        "themes": ["urbanisme"],
        "channel": "online",
        "parent": "c70",
        "relation": "supports",
        "status": "published",
        "days_ago": 21,
    },
    {
        "key": "c72",
        "kind": "opinion",
        "title": "Un effet réel, mais souvent plus lent et plus modeste qu'on ne le craint",
        "body": """Je nuance un peu : les études sur la valorisation immobilière autour des tramways montrent des effets réels, mais souvent modestes et progressifs, très variables d'un quartier à l'autre. Le risque est plus fort là où le tram s'accompagne d'une grande opération de renouvellement urbain, ce qui est justement le cas annoncé aux Tanneries. Raison de plus pour anticiper : sur ce point, je vous rejoins.""",
        "author": "thibault",
        "themes": ["urbanisme"],
        "channel": "online",
        "parent": "c70",
        "relation": "nuances",
        "status": "published",
        "days_ago": 20,
    },
    {
        "key": "c73",
        "kind": "opinion",
        "title": "Le pont des Arches abrite une colonie de chauves-souris protégées",
        "body": """Je suis bénévole dans un groupe de suivi des chauves-souris et je fais des comptages depuis six ans sous le pont des Arches, l'ancien pont ferroviaire sur la Vaurèze que le tram doit réutiliser.

Les joints dégradés de la maçonnerie et les anciens trous d'échafaudage abritent une **colonie de reproduction de murins de Daubenton**, une espèce qui chasse au ras de l'eau. Toutes les chauves-souris sont protégées, ainsi que leurs gîtes. Or le diagnostic écologique du dossier se contente de mentionner « des potentialités de gîtes », sans inventaire réel : les prospections ont été faites en mars, avant l'installation des colonies.

Ce que je demande :

- un **inventaire en période de mise bas** (juin-juillet) avant toute décision sur l'ouvrage ;
- aucun travaux sur le pont entre mai et août ;
- si la maçonnerie doit être rejointoyée, la conservation ou la recréation de gîtes dans l'ouvrage lui-même.

Ce n'est pas un détail : détruire un gîte sans dérogation exposerait le projet à un risque juridique sérieux, et donc tout le calendrier.""",
        "author": "lucas",
        "themes": ["environnement", "travaux"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 24,
    },
    # ------------------------------------------------------------------ offline channels (transcriptions)
    {
        "key": "c74",
        "kind": "opinion",
        "title": "Atelier « Arbres, paysage et chaleur » : de l'ombre vraie à chaque station",
        "body": """*Transcription par l'équipe d'animation — atelier « Arbres, paysage et chaleur », maison de quartier des Tanneries.*

Une table de travail réunissant des habitants des Tanneries et du Faubourg Saint-Jacques a formulé l'avis suivant, rapporté en fin d'atelier par une participante :

> Les images du dossier montrent des stations en plein soleil, avec un petit abri en verre. L'été, sur l'avenue, il fait 38 degrés. Les personnes âgées ne pourront pas attendre là dix minutes. Chaque station doit avoir de l'ombre vraie, des arbres ou une pergola végétalisée, des bancs, et un point d'eau potable.

Une autre table a insisté sur le choix de revêtements clairs pour les quais et les trottoirs, afin de limiter l'échauffement du sol.""",
        "author": "transcription",
        "themes": ["environnement", "trace"],
        "channel": "workshop",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 25,
    },
    {
        "key": "c75",
        "kind": "question",
        "title": "Réunion d'ouverture : « Où vont se garer les habitants de l'avenue ? »",
        "body": """*Transcription par l'équipe d'animation — réunion publique d'ouverture, Halle aux Grains, Belcombe.*

Un habitant âgé de l'avenue de la Libération a pris la parole :

> Le dossier dit que 380 places vont disparaître. J'ai 81 ans, je ne vais pas me mettre au vélo. Mes enfants viennent me voir le dimanche, mon infirmière passe tous les matins. Où est-ce qu'ils se garent ? Et pendant les travaux, comment je sors de mon garage ?

Le maître d'ouvrage a indiqué en séance qu'une étude de stationnement serait conduite. L'intervenant a souhaité une réponse écrite : sa question est donc transcrite ici.""",
        "author": "transcription",
        "themes": ["travaux", "intermodalite"],
        "channel": "public_meeting",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 33,
    },
    {
        "key": "c76",
        "kind": "opinion",
        "title": "Réunion d'ouverture : une étudiante défend une liaison directe avec le campus",
        "body": """*Transcription par l'équipe d'animation — réunion publique d'ouverture, Halle aux Grains, Belcombe.*

Une étudiante, élue au conseil de la vie étudiante de l'université, a expliqué que de nombreux étudiants logent à Saint-Orens et à La Garenne, où les loyers sont plus bas, mais passent jusqu'à deux heures par jour dans les transports. Pour elle, le prolongement relierait directement ces quartiers au campus des Fontanes, sans correspondance.

Elle a demandé que le prix de l'abonnement jeune ne soit pas relevé, et que la ligne circule plus tard le soir en période d'examens, lorsque la bibliothèque universitaire ferme tard.""",
        "author": "transcription",
        "themes": ["trace", "intermodalite"],
        "channel": "public_meeting",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 33,
    },
    {
        "key": "c77",
        "kind": "opinion",
        "title": "Réunion de Saint-Orens : « La décision est déjà prise, à quoi sert ce débat ? »",
        "body": """*Transcription par l'équipe d'animation — réunion publique de Saint-Orens-les-Prés, espace Vaurèze.*

Un habitant du centre-bourg est intervenu avec vivacité :

> On nous présente trois options, mais tout le dossier est écrit pour le tram par l'avenue de la Libération. Les plaquettes sont imprimées, les élus ont déjà fait leurs déclarations dans le journal. Qu'est-ce qu'on vient faire ici, sinon servir d'alibi ?

Le président de la commission a rappelé que le débat porte sur l'opportunité même du projet, y compris la possibilité de ne pas le réaliser, et que le maître d'ouvrage devra publier, dans les trois mois suivant le bilan du débat, sa décision motivée et les enseignements qu'il en tire. L'intervenant a répondu qu'il « jugerait sur pièces ».""",
        "author": "transcription",
        "themes": ["alternatives"],
        "channel": "public_meeting",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 19,
    },
    {
        "key": "c78",
        "kind": "question",
        "title": "Réunion de Saint-Orens : qui paiera si les vieilles maisons du bourg se fissurent ?",
        "body": """*Transcription par l'équipe d'animation — réunion publique de Saint-Orens-les-Prés, espace Vaurèze.*

Une habitante de la Grand-Rue a posé la question suivante :

> Nos maisons sont en galets et en terre crue, elles ont plus de deux siècles. Le tram passera à quelques mètres. Qui paiera si les murs se fissurent ? Et est-ce que vous ferez un constat avant ?

Elle a demandé une réponse écrite du maître d'ouvrage, en particulier sur la prise en charge des constats préalables et sur la procédure en cas de dommages.""",
        "author": "transcription",
        "themes": ["travaux", "trace"],
        "channel": "public_meeting",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 19,
    },
    {
        "key": "c79",
        "kind": "opinion",
        "title": "Réunion de Saint-Orens : « Et ceux qui habitent les hameaux ? »",
        "body": """*Transcription par l'équipe d'animation — réunion publique de Saint-Orens-les-Prés, espace Vaurèze.*

Un habitant du hameau des Cabanoles, à quatre kilomètres du bourg, a rappelé qu'une grande partie des habitants de la commune vit en dehors du centre :

> Le tram s'arrêtera à la mairie, très bien. Mais chez nous, il n'y a aucun bus le samedi. Si vous ne prévoyez pas de navettes ou de transport à la demande jusqu'aux stations, le tram ne servira qu'au bourg.

Il a demandé que la réorganisation du réseau de bus soit présentée en même temps que le projet de tram, et non après la décision.""",
        "author": "transcription",
        "themes": ["intermodalite"],
        "channel": "public_meeting",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 19,
    },
    {
        "key": "c80",
        "kind": "proposal",
        "title": "Marché de Saint-Orens : une station aux jardins familiaux et au cimetière",
        "body": """*Transcription par l'équipe d'animation — débat mobile au marché du samedi de Saint-Orens-les-Prés.*

Une retraitée rencontrée au stand de la commission a fait remarquer qu'entre les stations Les Prés-Verts et Saint-Orens Centre, il y a 1,4 km sans arrêt. C'est justement là que se trouvent les jardins familiaux et le cimetière, où se rendent chaque semaine beaucoup de personnes âgées qui marchent difficilement.

Elle propose d'ajouter une **station intermédiaire** au niveau du chemin des Jardins, quitte à ce qu'elle ne soit desservie qu'en journée.""",
        "author": "transcription",
        "themes": ["trace"],
        "channel": "mobile_debate",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 12,
    },
    {
        "key": "c81",
        "kind": "question",
        "title": "Débat mobile à l'hôpital : que deviendra le parking des patients dialysés ?",
        "body": """*Transcription par l'équipe d'animation — débat mobile dans le hall du centre hospitalier des Coteaux.*

Une femme qui accompagne son mari en dialyse s'est arrêtée au stand :

> Mon mari est dialysé le lundi, le mercredi et le vendredi, quatre heures à chaque fois. Il sort épuisé, il ne peut pas marcher plus de cinquante mètres. Nous nous garons sur le petit parking devant l'unité de dialyse, rue des Coteaux. J'ai entendu dire que ce parking serait supprimé avec l'option B, ou réduit pendant les travaux. Personne ne nous a rien dit.

Elle demande si le parking réservé aux patients de l'unité de dialyse, et son accès en voiture depuis Saint-Orens, seront maintenus pendant et après les travaux, quelle que soit l'option retenue. Elle souligne que ces patients ne peuvent pas prendre un tram après une séance, et qu'ils ont besoin d'un accès direct en voiture ou en taxi conventionné jusqu'à la porte.""",
        "author": "transcription",
        "themes": ["intermodalite", "trace"],
        "channel": "mobile_debate",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 8,
    },
    {
        "key": "c82",
        "kind": "question",
        "title": "Registre de la mairie : le passage sous la voie, rue des Moulins, est inondé à chaque orage",
        "body": """*Contribution manuscrite déposée dans le registre du débat à la mairie de Saint-Orens-les-Prés, transcrite par l'équipe d'animation.*

> J'habite le quartier des Moulins depuis 1979. D'après le plan, pour aller à la station Les Prés-Verts depuis chez nous, il faudra passer par le passage souterrain de la rue des Moulins, sous l'ancienne voie ferrée. Ce passage se remplit d'eau à chaque gros orage, parfois jusqu'à un mètre. L'automne dernier, une voiture y est restée bloquée avec son conducteur à l'intérieur.
>
> Les enfants, les vélos, les fauteuils roulants, ils passeront par où, ces jours-là ? Et si on remet la voie sur le remblai avec du béton, est-ce que l'eau ne va pas monter encore plus de notre côté ?
>
> Je demande qu'on étudie l'écoulement des eaux avant de faire les plans, et qu'on prévoie un autre accès à la station.""",
        "author": "transcription",
        "themes": ["travaux", "intermodalite"],
        "channel": "paper",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 15,
    },
    {
        "key": "c83",
        "kind": "question",
        "title": "Courrier d'une habitante du Faubourg : le bus 32 sera-t-il supprimé ?",
        "body": """*Lettre reçue par la commission et transcrite par l'équipe d'animation. Son autrice a souhaité qu'elle soit publiée sans son nom.*

> Madame, Monsieur,
>
> Je n'ai pas d'ordinateur, c'est ma voisine qui m'a parlé du débat. J'ai 84 ans et je prends le bus 32 à l'arrêt Sainte-Claire, juste en bas de chez moi, pour aller au marché et chez mon médecin. Si le tram remplace le 32, je devrai aller à la station du Faubourg, qui est à plus de 500 mètres, avec une côte. Je n'y arriverai pas.
>
> Est-ce que le bus 32 sera gardé, au moins en partie ? Je vous remercie de me répondre par courrier, car je ne pourrai pas lire la réponse sur internet.

La commission a transmis la demande de réponse postale au maître d'ouvrage.""",
        "author": "transcription",
        "themes": ["intermodalite"],
        "channel": "letter",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 13,
    },
    {
        "key": "c84",
        "kind": "proposal",
        "title": "Courriel de parents d'élèves : un parvis apaisé devant le lycée des Capucins",
        "body": """*Courriel adressé à la commission par le bureau d'une association de parents d'élèves du lycée des Capucins, transcrit par l'équipe d'animation.*

L'association propose d'intégrer la station « Lycée des Capucins » à un **parvis apaisé** devant l'établissement :

- suppression de l'actuelle dépose-minute, qui provoque des manœuvres dangereuses ;
- zone de rencontre limitée à 20 km/h ;
- traversée de la plateforme par un large passage piéton éclairé ;
- abri à vélos sécurisé pour les élèves.

Elle rappelle que quelque 1 400 élèves entrent et sortent aux mêmes heures, et demande à être associée aux études de détail de la station.""",
        "author": "transcription",
        "themes": ["trace", "intermodalite"],
        "channel": "email",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 9,
    },
    {
        "key": "c85",
        "kind": "opinion",
        "title": "Atelier avec des lycéens : « Le tram, c'est notre liberté »",
        "body": """*Transcription par l'équipe d'animation — atelier avec deux classes de première du lycée des Capucins.*

Les lycéens ont travaillé en petits groupes sur le dossier. Quelques propos rapportés :

- « Aujourd'hui, sans parents pour nous conduire, on ne sort pas de Saint-Orens le week-end. »
- « Pourquoi on parle de 2031 ? On aura 22 ans, on sera partis faire nos études ailleurs. »
- « Il faut que les rames soient propres et qu'on puisse recharger son téléphone. »

Un groupe a relevé que le dossier ne dit rien de la sécurité à bord le soir, en particulier pour les jeunes filles, et a demandé une présence humaine dans les rames après 21 heures.""",
        "author": "transcription",
        "themes": ["trace", "intermodalite"],
        "channel": "workshop",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 10,
    },
    {
        "key": "c86",
        "kind": "opinion",
        "title": "Relevé sur les réseaux sociaux : « 2031, c'est beaucoup trop tard »",
        "body": """*Message publié en réponse à une publication de la commission sur les réseaux sociaux, transcrit avec l'accord de son auteur.*

> Mise en service fin 2031 ? Pour un projet dont on parle depuis 2009 ? Au rythme où vont les choses, mes enfants le prendront pour aller au travail, pas au collège. Qu'on arrête les études à rallonge et qu'on commence.""",
        "author": "transcription",
        "themes": ["travaux"],
        "channel": "social_network",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 6,
    },
    {
        "key": "c87",
        "kind": "opinion",
        "title": "Je comprends ce sentiment, mais se taire ne servirait que les convaincus",
        "body": """Je comprends ce sentiment, je l'ai eu aussi en ouvrant le dossier. Mais l'option BHNS et le scénario sans projet y sont bien décrits et chiffrés, même plus brièvement. Et le maître d'ouvrage doit répondre publiquement aux questions posées ici.

Plutôt que de se retirer, il faut justement venir dire ce qu'on pense : si tous ceux qui doutent se taisent, la commission ne lira que les convaincus.""",
        "author": "marie",
        "themes": ["alternatives"],
        "channel": "online",
        "parent": "c77",
        "relation": "nuances",
        "status": "published",
        "days_ago": 18,
    },
    # ------------------------------------------------------------------ carbon
    {
        "key": "c88",
        "kind": "opinion",
        "title": "Bilan carbone : le chantier émet avant que le tram n'économise",
        "body": """On présente le tram comme un projet écologique. Mais 6,9 km de plateforme, c'est des dizaines de milliers de tonnes de béton et d'acier, sans compter la reprise d'un pont.

Le dossier donne un chiffre d'émissions évitées *par an* en exploitation, mais pas le bilan du chantier. Combien d'années faut-il pour que le tram « rembourse » le carbone de sa construction ? Si c'est trente ans, l'argument climatique est beaucoup plus faible qu'on ne le dit.""",
        "author": "thibault",
        "themes": ["environnement", "cout"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 19,
    },
    {
        "key": "c89",
        "kind": "opinion",
        "title": "Tout dépend du report modal réellement obtenu",
        "body": """La question est légitime, et l'étude d'impact devra y répondre. Les évaluations publiées pour des projets de tramway donnent des durées de « retour carbone » très variables, d'une dizaine à plusieurs dizaines d'années, selon le nombre d'automobilistes qui abandonnent réellement leur voiture. La [méthode d'évaluation des projets de transport](https://example.org/evaluation-socioeconomique-transports) demande désormais d'intégrer les émissions de construction.

Autrement dit : un tram plein est vite gagnant, un tram vide ne l'est jamais.""",
        "author": "vne",
        "themes": ["environnement", "cout"],
        "channel": "online",
        "parent": "c88",
        "relation": "provides_source",
        "status": "published",
        "days_ago": 17,
    },
    {
        "key": "c90",
        "kind": "opinion",
        "title": "D'où l'importance des fréquences et des rabattements",
        "body": """D'où l'importance de tout ce qui a été dit ici sur la fréquence du soir, les parcs relais, les vélos et les navettes des hameaux. Ce n'est pas l'infrastructure qui fait le bilan carbone, c'est l'usage.""",
        "author": "marie",
        "themes": ["environnement", "cout"],
        "channel": "online",
        "parent": "c89",
        "relation": "supports",
        "status": "published",
        "days_ago": 16,
    },
    # ------------------------------------------------------------------ existing trunk saturation
    {
        "key": "c91",
        "kind": "opinion",
        "title": "La T2 est déjà pleine entre Pont-Vieux et la Halle : qui pourra encore monter ?",
        "body": """On parle beaucoup du prolongement, très peu du tronçon existant. Je prends la T2 tous les jours entre Pont-Vieux et la place de la Halle : à 8 heures, les rames sont déjà pleines et l'on en laisse souvent passer une à la station Préfecture.

Si l'on ajoute en amont les voyageurs de Saint-Orens et de La Garenne, ceux du Faubourg ne pourront plus monter. Le dossier prévoit 9 rames supplémentaires, mais augmente-t-on la fréquence sur toute la ligne, ou seulement sur la partie nouvelle ? Faut-il des rames plus longues, et les quais actuels le permettent-ils ?""",
        "author": "hugo",
        "themes": ["trace"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 15,
    },
    {
        "key": "c92",
        "kind": "opinion",
        "title": "Tous les jours, ou seulement en période de cours ?",
        "body": """Vous dites qu'on laisse souvent passer une rame : est-ce tous les jours, ou surtout aux heures de pointe des jours de cours ? Je ne doute pas de votre expérience, mais si la saturation est structurelle, c'est un point important que l'étude de trafic devrait documenter.""",
        "author": "jfabre",
        "themes": ["trace"],
        "channel": "online",
        "parent": "c91",
        "relation": "asks_clarification",
        "status": "published",
        "days_ago": 14,
    },
    {
        "key": "c93",
        "kind": "opinion",
        "title": "En semaine entre 7 h 45 et 8 h 30, justement l'heure de Saint-Orens",
        "body": """En semaine, entre 7 h 45 et 8 h 30, surtout les jours de cours à l'université. Le reste du temps, ça va.

Mais c'est précisément l'heure où arriveront les gens de Saint-Orens. L'étude de trafic donne une « charge maximale » sur le prolongement ; elle ne dit rien de la charge sur le tronçon existant une fois la ligne prolongée. C'est cela qui m'inquiète.""",
        "author": "hugo",
        "themes": ["trace"],
        "channel": "online",
        "parent": "c92",
        "relation": "nuances",
        "status": "published",
        "days_ago": 13,
    },
    {
        "key": "c94",
        "kind": "opinion",
        "title": "Le plan de circulation pendant les travaux est le grand absent du dossier",
        "body": """Pendant deux ans, l'avenue de la Libération sera réduite à une voie, voire fermée par tronçons. Or c'est aujourd'hui, avec la rocade, le seul accès de La Garenne vers le centre. Où passeront les quelque 18 000 véhicules qui l'empruntent chaque jour ?

Par la rue des Écoles et le chemin de la Garenne, des rues de lotissement sans trottoirs, où jouent les enfants. Je demande qu'un plan de déviation soit présenté **avant** la décision, et non découvert au premier jour du chantier.""",
        "author": "sylvie",
        "themes": ["travaux"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 14,
    },
    {
        "key": "c95",
        "kind": "question",
        "title": "Pourra-t-on monter dans le tram avec son vélo ?",
        "body": """Question simple au maître d'ouvrage : sur la T2 actuelle, les vélos sont interdits à bord aux heures de pointe. Sur le prolongement, où les distances sont plus longues et la côte vers le Faubourg bien réelle, la règle sera-t-elle la même ? Les nouvelles rames auront-elles un emplacement dédié ?""",
        "author": "rayon",
        "themes": ["intermodalite"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "published",
        "days_ago": 12,
    },
    # ------------------------------------------------------------------ awaiting moderation (recent)
    {
        "key": "c96",
        "kind": "proposal",
        "title": "Relier le terminus à la halte TER de Saint-Orens, avec un billet unique",
        "body": """La halte TER de Saint-Orens, sur la ligne Belcombe–Montferrand-sur-Vaurèze, est à 1,2 km du terminus prévu. Personne n'en parle dans le dossier.

Je propose :

- une correspondance à pied aménagée, ou une station au plus près de la halte ;
- un **titre unique** train + tram sur le territoire de la métropole ;
- des horaires coordonnés, pour que les habitants des vallées voisines puissent laisser leur voiture à la gare plutôt qu'au parc relais des Prés.""",
        "author": "jfabre",
        "themes": ["intermodalite"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "pending",
        "days_ago": 1,
    },
    {
        "key": "c97",
        "kind": "question",
        "title": "Où garer les 9 nouvelles rames ? Le dépôt des Fontanes est déjà saturé",
        "body": """Le dossier mentionne une « extension du centre de maintenance des Fontanes », incluse dans le coût, mais sans plan ni surface. Le site est coincé entre l'université et la voie rapide.

- Où se fera cette extension ?
- Les rames devront-elles parcourir chaque matin plus de 18 km à vide pour rejoindre Saint-Orens ?
- Un site de remisage au terminus de Saint-Orens a-t-il été étudié ?""",
        "author": "hugo",
        "themes": ["cout", "trace"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "pending",
        "days_ago": 2,
    },
    {
        "key": "c98",
        "kind": "opinion",
        "title": "J'avais écrit que j'étais contre ce projet. J'ai changé d'avis, en partie",
        "body": """Au début du débat, j'avais écrit que j'étais contre ce projet. Depuis, je suis allée à la permanence foncière de la mairie : ma maison n'est pas sur le tracé. Je ne vais pas prétendre que cela ne change rien pour moi, ce serait malhonnête.

Mais ce n'est pas seulement ça. À la réunion de Saint-Orens, et en lisant les échanges ici (sur les horaires des soignants, sur les hameaux sans bus, sur la dame de 84 ans qui a écrit à la commission), j'ai compris que ce tram n'était pas fait que pour des gens comme moi, qui ont deux voitures.

Je reste opposée à l'urbanisation des Prés, et inquiète pour les travaux. Mais je ne suis plus contre le tram. Je voulais le dire : on débat aussi pour pouvoir changer d'avis, non ?""",
        "author": "sylvie",
        "themes": ["trace", "urbanisme"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "pending",
        "days_ago": 0,
    },
    {
        "key": "c99",
        "kind": "opinion",
        "title": "Les riverains de l'avenue de la Libération sont les grands oubliés de ce débat",
        "body": """On parle des cyclistes, des étudiants, des arbres, des commerces. Très bien. Mais nous, les habitants de l'avenue de la Libération, nous allons vivre plus de deux ans dans la poussière et le bruit, perdre nos places de stationnement, voir tomber nos platanes, puis avoir un tram toutes les six minutes sous nos fenêtres.

Je n'ai toujours pas de réponse à ma question sur la durée des travaux, posée il y a plus d'un mois, alors que le délai de réponse est de quinze jours. Je demande à la commission de le rappeler au maître d'ouvrage, et je demande au maître d'ouvrage de venir nous rencontrer **sur l'avenue**, pas seulement à la Halle aux Grains.""",
        "author": "gerard",
        "themes": ["travaux"],
        "channel": "online",
        "parent": None,
        "relation": None,
        "status": "pending",
        "days_ago": 1,
    },
]
