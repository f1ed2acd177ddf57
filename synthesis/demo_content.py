# ruff: noqa: E501 — French prose, one contribution per line.
"""Demo content of a second, closed debate whose report is published (pure data).

Everything is invented: Belcombe Métropole's cycling plan, its places and its people.
Loaded by ``synthesis.demo``. Dates are relative (days ago) so the demo stays current.
In the report, ``{cite:key}`` stands for the citation of the contribution ``key``.
"""

from __future__ import annotations

DEBATE = {
    "slug": "plan-velo-belcombe",
    "title": "Plan vélo 2027-2035 de Belcombe Métropole",
    "summary": """Belcombe Métropole propose un **plan vélo** pour 2027-2035 : 92 km de pistes cyclables séparées de la circulation, dont un *réseau express vélo* de cinq lignes reliant les communes de la première couronne au centre, 4 000 places de stationnement sécurisé près des gares et des arrêts de tramway, et un service de location de vélos à assistance électrique de longue durée.

Le coût est estimé à **64 M€** sur neuf ans. Le plan prévoit de supprimer environ 1 100 places de stationnement automobile sur voirie, principalement sur les boulevards du centre, pour faire passer les pistes.

La commission particulière du débat public a organisé le débat pendant trois mois : en ligne, en réunions publiques, en ateliers et par des registres en mairie.""",
    "easy_summary": """La Métropole veut faire plus de pistes pour les vélos.
Les pistes seront séparées des voitures.
Il y aura des parkings fermés pour les vélos près des gares.
On pourra louer un vélo électrique pour plusieurs mois.
Le plan coûte 64 millions d'euros.
Le débat est fini. La commission a écrit son compte rendu.""",
    "owner_name": "Belcombe Métropole – Direction des mobilités actives",
    "charter": """**Article 1 — L'esprit du débat**

Chaque contribution est lue pour ce qu'elle apporte, et non pour le nombre de personnes qui la partagent.

**Article 2 — Pas d'attaques personnelles**

Critiquez les idées, pas les personnes.""",
    "opens_days_ago": 120,
    "closes_days_ago": 24,
    "answer_deadline_days": 15,
}

THEMES = (
    ("reseau", "Réseau express vélo", "Les cinq lignes, leurs tracés et leurs liaisons."),
    ("securite", "Sécurité et cohabitation", "Piétons, cyclistes, voitures : partager la rue."),
    ("stationnement", "Stationnement et vols", "Garer son vélo, et ne pas se le faire voler."),
    ("cout", "Coût et financement", "Les 64 M€ et les places de voiture supprimées."),
    ("communes", "Communes de la périphérie", "Hameaux, communes rurales, zones d'activité."),
    ("handicap", "Vélos adaptés et handicap", "Tricycles, vélos-fauteuils, handbikes."),
)

PEOPLE = (
    ("lucie", "Lucie R."),
    ("karim", "Karim B."),
    ("odile", "Odile M."),
    ("tom", "Tom_velotaf"),
    ("ines", "Inès D."),
    ("marc", "Marc Commerçant"),
    ("yves", "Yves P."),
    ("sarah", "Sarah L."),
    ("paul", "Paul V."),
    ("nadia", "Nadia H."),
    ("jeanne", "Jeanne et Luc"),
    ("assoc", "Belcombe à Vélo (association)"),
)

# Each contribution: key, author (a PEOPLE key, or None for a transcription), kind, themes,
# channel, event (offline), title, body, parent key, relation, days ago, argument tag.
CONTRIBUTIONS = (
    # Séparer les pistes : la même demande, en beaucoup de mots différents.
    dict(
        key="sep1",
        author="lucie",
        kind="opinion",
        themes=("securite",),
        title="Des pistes vraiment séparées des voitures",
        body="Une bande peinte sur la chaussée ne protège personne. Il faut des pistes séparées des voitures par une bordure, sinon les parents n'y mettront jamais leurs enfants.",
        days=110,
        tag="pro",
    ),
    dict(
        key="sep2",
        author="karim",
        kind="opinion",
        themes=("securite",),
        title="La bordure, c'est la sécurité",
        body="Je roule tous les jours boulevard Gambetta : les voitures se garent sur la bande cyclable. Seule une piste séparée par une bordure rendra le trajet sûr.",
        days=104,
        tag="pro",
    ),
    dict(
        key="sep3",
        author="sarah",
        kind="opinion",
        themes=("securite",),
        title="Séparer les flux",
        body="Pistes séparées des voitures et des piétons, avec une bordure : c'est la condition pour que le vélo devienne sûr pour tous, enfants compris.",
        days=96,
        tag="pro",
    ),
    dict(
        key="sep4",
        author="tom",
        kind="opinion",
        themes=("securite", "reseau"),
        title="Le réseau express doit être séparé de bout en bout",
        body="Une piste séparée qui s'interrompt au carrefour ne sert à rien : la bordure doit continuer aux intersections, sinon la sécurité s'arrête là où le danger commence.",
        days=90,
        tag="pro",
    ),
    dict(
        key="sep5",
        author="assoc",
        kind="stakeholder_paper",
        themes=("securite", "reseau"),
        title="Cahier d'acteur de Belcombe à Vélo : des pistes séparées et continues",
        body="Notre association demande que les 92 km soient des pistes séparées de la circulation par une bordure, continues aux carrefours, larges de 2,50 m au moins sur le réseau express. Les bandes peintes ne protègent pas : nos relevés montrent qu'elles sont occupées par des voitures garées un jour sur deux.",
        days=70,
        tag="pro",
    ),
    # Stationnement et vols.
    dict(
        key="vol1",
        author="ines",
        kind="opinion",
        themes=("stationnement",),
        title="On m'a volé trois vélos en deux ans",
        body="Devant la gare de Belcombe, les arceaux ne suffisent pas : on m'a volé trois vélos en deux ans. Sans parking fermé et surveillé, je ne reprendrai pas le vélo pour aller au train.",
        days=100,
        tag="usage-expertise",
    ),
    dict(
        key="vol2",
        author="paul",
        kind="opinion",
        themes=("stationnement",),
        title="Des abris fermés près des gares",
        body="Le vol est la première raison pour laquelle mes collègues ont abandonné le vélo. Des abris fermés, accessibles avec la carte de transport, près des gares et des arrêts de tram.",
        days=85,
        tag="pro",
    ),
    dict(
        key="vol3",
        author="nadia",
        kind="opinion",
        themes=("stationnement",),
        title="Parking vélo sécurisé à la gare, vite",
        body="Un parking vélo sécurisé à la gare, fermé, avec des casiers pour les batteries : mon vélo électrique coûte trop cher pour le laisser sur un arceau.",
        days=66,
        tag="pro",
    ),
    dict(
        key="vol4",
        author=None,
        kind="opinion",
        themes=("stationnement",),
        channel="public_meeting",
        event="Réunion publique d'ouverture, Halle aux Grains",
        title="Réunion d'ouverture : « les vols, d'abord »",
        body="Plusieurs personnes ont dit que le vol de vélos aux gares décourage plus que le manque de pistes, et demandé des parkings fermés et surveillés.",
        days=112,
        tag="usage-expertise",
    ),
    # Le coût, les places de voiture, les commerces.
    dict(
        key="com1",
        author="marc",
        kind="opinion",
        themes=("cout",),
        title="Supprimer 1 100 places, c'est tuer le commerce",
        body="Mes clients viennent en voiture. Supprimer 1 100 places de stationnement sur les boulevards, c'est vider les commerces du centre au profit des zones commerciales.",
        days=102,
        tag="con",
    ),
    dict(
        key="com2",
        author="yves",
        kind="opinion",
        themes=("cout",),
        title="Les commerçants vont souffrir",
        body="Sans places de stationnement devant les boutiques, les clients iront au centre commercial. Les commerçants du centre vont payer le plan vélo.",
        days=88,
        tag="con",
    ),
    dict(
        key="com3",
        author=None,
        kind="opinion",
        themes=("cout",),
        channel="paper",
        event="Registre du débat, mairie de Belcombe",
        title="Registre de la mairie : « pensez aux commerçants »",
        body="Où se gareront les clients des commerces du centre si l'on supprime les places de stationnement ? Les commerçants vont perdre leur clientèle.",
        days=75,
        tag="con",
    ),
    dict(
        key="com4",
        author="karim",
        kind="opinion",
        themes=("cout",),
        parent="com1",
        relation="nuances",
        title="",
        body="Les études faites dans d'autres villes montrent que les clients qui viennent à pied ou à vélo dépensent autant par mois que ceux en voiture : ils viennent plus souvent. Cela vaut d'être vérifié ici avant de conclure.",
        days=100,
        tag=None,
    ),
    dict(
        key="cout1",
        author="odile",
        kind="opinion",
        themes=("cout",),
        title="64 M€, c'est raisonnable",
        body="Rapporté aux neuf ans du plan et aux habitants de la métropole, 64 M€ représente moins que l'entretien annuel des voiries. C'est un investissement raisonnable.",
        days=80,
        tag="pro",
    ),
    dict(
        key="cout2",
        author="paul",
        kind="question",
        themes=("cout",),
        title="Quelle part payée par les communes ?",
        body="Le dossier parle de 64 M€ sur neuf ans. Quelle part sera payée par les communes, et quelle part par la Métropole et l'État ?",
        days=95,
        tag="question-of-fact",
    ),
    # Réseau express.
    dict(
        key="res1",
        author="tom",
        kind="opinion",
        themes=("reseau",),
        title="La ligne 3 doit aller jusqu'à l'université",
        body="La ligne 3 du réseau express s'arrête à Pont-Vieux : prolongez-la jusqu'au campus, c'est là que sont les étudiants qui pédalent.",
        days=92,
        tag="pro",
    ),
    dict(
        key="res2",
        author="sarah",
        kind="question",
        themes=("reseau",),
        title="Quand la ligne 1 sera-t-elle ouverte ?",
        body="Dans quel ordre les cinq lignes du réseau express seront-elles construites, et quand la ligne 1 vers Saint-Orens ouvrira-t-elle ?",
        days=84,
        tag="question-of-fact",
    ),
    dict(
        key="res3",
        author="ines",
        kind="proposal",
        themes=("reseau",),
        title="Des jalonnements avec les temps de parcours",
        body="Indiquer sur chaque panneau le temps de parcours à vélo jusqu'aux destinations : « Gare, 12 min ». Les gens surestiment les distances.",
        days=78,
        tag="alternative",
    ),
    dict(
        key="res4",
        author="lucie",
        kind="opinion",
        themes=("reseau",),
        parent="res3",
        relation="supports",
        title="",
        body="Très bonne idée, les panneaux avec les temps de parcours existent ailleurs et changent vraiment la perception des trajets.",
        days=76,
        tag=None,
    ),
    # La voie verte de l'ancienne voie ferrée : une alternative sans réponse.
    dict(
        key="alt1",
        author="jeanne",
        kind="proposal",
        themes=("reseau", "communes"),
        title="Une voie verte sur l'ancienne voie ferrée de Castelbrun",
        body="L'emprise de l'ancienne voie ferrée Belcombe–Castelbrun est plate, continue et sans carrefour sur 11 km. Une voie verte y coûterait bien moins cher que la ligne 4 prévue le long de la départementale, et serait plus sûre.",
        days=72,
        tag="alternative",
    ),
    # Communes de la périphérie.
    dict(
        key="per1",
        author="yves",
        kind="opinion",
        themes=("communes",),
        title="Et les villages ?",
        body="Le plan s'arrête aux communes de la première couronne. Dans les villages du plateau, il n'y a ni piste, ni bus le dimanche : nous sommes oubliés.",
        days=86,
        tag="con",
    ),
    dict(
        key="per2",
        author=None,
        kind="opinion",
        themes=("communes",),
        channel="mobile_debate",
        event="Débat mobile au marché de Castelbrun",
        title="Marché de Castelbrun : « rien pour nous »",
        body="Au marché, des habitants des villages ont dit que le plan ne prévoit rien au-delà de la première couronne et qu'ils se sentent oubliés.",
        days=60,
        tag="con",
    ),
    # Signaux faibles plantés.
    dict(
        key="nuit",
        author=None,
        kind="opinion",
        themes=("communes", "securite"),
        channel="workshop",
        event="Atelier avec les salariés de la zone des Fontanes",
        title="Atelier des Fontanes : les équipes de nuit",
        body="Les salariés des équipes de nuit de l'usine de conditionnement et de la plateforme logistique des Fontanes finissent à 4 h du matin. Ils viendraient à vélo si le chemin le long du canal était éclairé : aujourd'hui il est noir, et plusieurs femmes disent ne pas oser le prendre seules.",
        days=58,
        tag="usage-expertise",
    ),
    dict(
        key="tricycle",
        author=None,
        kind="opinion",
        themes=("handicap",),
        channel="workshop",
        event="Atelier avec l'association Roues Libres (personnes en situation de handicap)",
        title="Atelier Roues Libres : les tricycles et vélos-fauteuils",
        body="Les membres de l'association circulent en tricycle adapté, en vélo-fauteuil ou en handbike. Les chicanes anti-scooters à l'entrée des voies vertes les bloquent, et les stationnements prévus n'ont pas de place pour un engin de 90 cm de large. Personne ne les a consultés sur les gabarits.",
        days=55,
        tag="usage-expertise",
    ),
    dict(
        key="cargo",
        author="nadia",
        kind="question",
        themes=("stationnement",),
        title="Assurance des vélos cargos loués ?",
        body="Le service de location inclura-t-il des vélos cargos pour les familles, et qui assure le vélo et l'enfant transporté en cas de vol ou d'accident ?",
        days=52,
        tag="question-of-fact",
    ),
    dict(
        key="ecoles",
        author="odile",
        kind="opinion",
        themes=("securite",),
        title="Les rues scolaires le matin",
        body="Devant l'école Jean-Jaurès, la moitié des enfants pourrait venir à vélo si la rue était fermée aux voitures un quart d'heure le matin et le soir.",
        days=63,
        tag="pro",
    ),
    dict(
        key="pieton",
        author=None,
        kind="opinion",
        themes=("securite",),
        channel="letter",
        event="Courrier adressé à la commission",
        title="Courrier d'un habitant âgé : les trottoirs partagés",
        body="J'ai 84 ans et je marche avec une canne. Sur le trottoir partagé de l'avenue Pasteur, des vélos me frôlent sans bruit. Je n'ose plus sortir le matin. Les piétons âgés ne doivent pas payer le plan vélo.",
        days=68,
        tag="testimony",
    ),
    dict(
        key="sable",
        author="paul",
        kind="opinion",
        themes=("reseau",),
        title="Du sable sur la piste du pont",
        body="Après chaque crue de la Vaurèze, la piste sous le pont des Arches reste couverte de sable pendant des semaines.",
        days=45,
        tag=None,
    ),
    # Positions sans argument.
    dict(
        key="bravo",
        author="karim",
        kind="opinion",
        themes=("reseau",),
        title="Bravo",
        body="Bravo !",
        days=109,
        tag=None,
    ),
    dict(
        key="contre",
        author="marc",
        kind="opinion",
        themes=("cout",),
        title="Contre",
        body="Je suis contre.",
        days=99,
        tag=None,
    ),
    dict(
        key="pour",
        author="sarah",
        kind="opinion",
        themes=("reseau",),
        title="Pour",
        body="Je suis pour, totalement.",
        days=91,
        tag=None,
    ),
    # Quelques échanges de plus.
    dict(
        key="sep6",
        author="yves",
        kind="opinion",
        themes=("securite",),
        parent="sep2",
        relation="objects",
        title="",
        body="Des bordures partout, ce sont des rues où les camions de livraison ne peuvent plus s'arrêter. Il faut prévoir des aires de livraison avant de poser les bordures.",
        days=101,
        tag=None,
    ),
    dict(
        key="vol5",
        author="tom",
        kind="opinion",
        themes=("stationnement",),
        parent="vol1",
        relation="supports",
        title="",
        body="Même expérience à l'arrêt de tram Halle aux Grains : un abri fermé changerait tout.",
        days=98,
        tag=None,
    ),
    dict(
        key="per3",
        author="jeanne",
        kind="opinion",
        themes=("communes",),
        parent="per1",
        relation="supports",
        title="",
        body="Oui, et le car du plateau ne prend pas les vélos : impossible de faire un bout de trajet à vélo et le reste en car.",
        days=83,
        tag=None,
    ),
    dict(
        key="res5",
        author="odile",
        kind="opinion",
        themes=("reseau",),
        parent="res1",
        relation="nuances",
        title="",
        body="Le campus est déjà desservi par le tram. La priorité serait plutôt la liaison entre le campus et la gare, où il n'y a rien.",
        days=89,
        tag=None,
    ),
    dict(
        key="loc1",
        author="ines",
        kind="opinion",
        themes=("stationnement",),
        title="La location longue durée, pour essayer",
        body="La location d'un vélo électrique pour six mois permet d'essayer avant d'acheter. Il faut que le tarif soit réduit pour les étudiants et les demandeurs d'emploi.",
        days=74,
        tag="pro",
    ),
    dict(
        key="loc2",
        author="paul",
        kind="opinion",
        themes=("stationnement", "cout"),
        title="Un tarif solidaire pour la location",
        body="Un vélo électrique coûte plus de 2 000 euros : sans tarif solidaire, la location longue durée ne servira qu'aux cadres du centre-ville.",
        days=69,
        tag="pro",
    ),
)

# Questions answered by the owner: key, answer text, days after the question it came
# (a late answer past 15 days shows in the coverage check as "answered late").
ANSWERS = (
    (
        "cout2",
        "Le plan de financement prévoit 55 % Métropole, 25 % État (appel à projets « Fonds mobilités actives »), 12 % Région et 8 % communes, ces dernières seulement pour les aménagements de leurs centres-bourgs.",
        9,
    ),
    (
        "res2",
        "La ligne 1 (Saint-Orens) serait construite en premier, de 2028 à 2029, puis les lignes 2 et 3. Le calendrier précis dépend des enquêtes publiques.",
        24,
    ),
)

# Weak-signal candidates decided in the demo: key, confirm?, note.
DECISIONS = (
    (
        "tricycle",
        True,
        "Gabarits des engins adaptés absents du dossier : à porter au compte rendu.",
    ),
    ("nuit", True, "Seule parole des travailleurs de nuit ; éclairage du chemin du canal."),
    (
        "sable",
        False,
        "Question d'entretien courant, transmise aux services : pas un signal faible.",
    ),
)

REPORT = (
    (
        "Le débat en chiffres d'audience",
        """Ces chiffres décrivent qui a participé et par quels canaux ; ils ne mesurent pas le poids d'une opinion.

[[statistics]]""",
    ),
    (
        "Ce que le public a dit, par thème",
        """**Sécurité et cohabitation.** La demande la plus constante est celle de pistes séparées de la circulation, continues aux carrefours :

{cite:sep1}

L'association Belcombe à Vélo le formule dans son cahier d'acteur, en précisant une largeur minimale. Des riverains rappellent en retour que les bordures ne doivent pas empêcher les livraisons {cite:sep6|Il faut prévoir des aires de livraison avant de poser les bordures.}

**Stationnement et vols.** Le vol est présenté comme un frein au moins aussi fort que le manque de pistes :

{cite:vol1}

**Coût et commerces.** Les commerçants du centre craignent la suppression de 1 100 places de stationnement :

{cite:com1}

D'autres contributions invitent à vérifier ce que dépensent réellement les clients qui viennent à pied ou à vélo {cite:com4|Cela vaut d'être vérifié ici avant de conclure.}

**Communes de la périphérie.** Les habitants des villages du plateau disent, en ligne comme au marché de Castelbrun, se sentir oubliés par un plan qui s'arrête à la première couronne.""",
    ),
    (
        "Signaux faibles",
        """Deux paroles entendues une seule fois, hors ligne, ont retenu la commission parce que le dossier du maître d'ouvrage ne les aborde pas.

Les personnes circulant en tricycle adapté ou en vélo-fauteuil :

{cite:tricycle}

Les salariés des équipes de nuit de la zone des Fontanes :

{cite:nuit}""",
    ),
    (
        "Questions et réponses",
        """Deux questions ont reçu une réponse, dont l'une après le délai de quinze jours. La question sur l'assurance des vélos cargos loués est restée sans réponse à la clôture du débat :

{cite:cargo}""",
    ),
    (
        "Alternatives proposées",
        """Une alternative n'a reçu aucune réponse pendant le débat, ni du public ni du maître d'ouvrage :

{cite:alt1}

La proposition de jalonnements indiquant les temps de parcours a, elle, été soutenue.""",
    ),
    (
        "Ce que la commission recommande",
        """La commission recommande au maître d'ouvrage :

1. de préciser la part du réseau réalisée en pistes séparées et continues aux carrefours ;
2. d'étudier les gabarits des vélos adaptés (chicanes, stationnements) avec les associations concernées ;
3. d'éclairer les itinéraires empruntés par les salariés de nuit de la zone des Fontanes ;
4. de répondre sur la voie verte de l'ancienne voie ferrée de Castelbrun, en la comparant à la ligne 4 ;
5. d'étudier l'effet de la suppression des places de stationnement sur les commerces du centre, avec les commerçants.""",
    ),
)

# Coverage items the committee sets aside in the demo, with its reason.
SET_ASIDE = (
    (
        "res3",
        "Soutenue dans le débat et reprise dans la synthèse du thème « Réseau express vélo ».",
    ),
)
