"""Everyday words guests use for hotel things, per language, grouped by what they mean.

Why: a knowledge entry is written in the hotel's words ("key box", "housekeeping",
"Reinigung"); guests write theirs ("lockbox", "fresh sheets", "Putzfrau"). The scorer
(`scoring.py`) gives words of one concept a shared term, so either meets the other. The
groups extend `matching.CONCEPTS` (English and Russian, same names merge) with German,
Spanish, French and Italian and with more everyday English and Russian words.

Deliberately generic to hotels, never to one hotel's knowledge: a word belongs here only if
any hotel's guest would mean the concept by it. Words are written as guests write them and
stemmed per language when an index is built; a word Snowball would cut to another everyday
word's stem ("sala" to the "sal" of "salida", "nada" to the "nad" of "nadar") is given a stem
of its own in `scoring._OWN_STEMS`.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["PHRASES", "THESAURUS"]

# concept → language → words (space-separated)
THESAURUS: Mapping[str, Mapping[str, str]] = {
    "checkin": {
        "en": "checkin arrival arrive arriving arrives",
        "ru": "заселение заселиться заезд заехать приезд заезжать заедем приедем"
        " приезжаем прибытие",
        "de": "checkin anreise ankunft ankommen einchecken angekommen eingecheckt"
        " anreisetag anreisezeit ankunftszeit",
        "es": "checkin llegada llegar llegamos entrada ingreso",
        "fr": "arrivée arriver enregistrement arrivee",
        "it": "arrivo arrivare registrazione",
    },
    "checkout": {
        "en": "checkout departure depart",
        "ru": "выезд выселение выехать съехать выселяться выезжать выедем уезжать освобождение",
        "de": "checkout abreise abreisen auschecken abfahrt ausgecheckt abreisetag abreisezeit",
        "es": "checkout salida desalojar egreso",
        "fr": "départ",
        "it": "partenza rilascio",
    },
    "breakfast": {
        "en": "breakfast brekkie buffet croissant croissants omelette omelet pancakes",
        "ru": "завтрак завтраки завтракать позавтракать",
        "de": "frühstück frühstücken frühstücksbuffet frühstücksraum frühstückszeit"
        " brötchen brötchenservice",
        "es": "desayuno desayunar",
        "fr": "petit-déjeuner déjeuner petit-déj petit-dejeuner pdj viennoiseries",
        "it": "colazione cornetto cornetti brioche",
    },
    "wifi": {
        "en": "wifi wlan internet connection network router wireless hotspot broadband"
        " ssid ethernet modem fi",
        "ru": "вайфай интернет сеть роутер вафля инет вайфая",
        "de": "wlan internet netz netzwerk router internetverbindung internetzugang",
        "es": "wifi internet red conexión router conectarme",
        "fr": "wifi internet réseau connexion routeur connecter",
        "it": "wifi internet rete connessione",
    },
    "password": {
        "en": "password pw pwd passcode",
        "ru": "пароль",
        "de": "passwort kennwort zugangsdaten",
        "es": "contraseña clave contrasena",
        "fr": "mot-de-passe mdp",
        "it": "password",
    },
    "parking": {
        "en": "parking park carpark garage valet",
        "ru": "парковка парковаться припарковаться стоянка паркинг парковочное машиноместо",
        "de": "parken parkplatz parkhaus tiefgarage garage stellplatz parkmöglichkeit"
        " parkgebühr parkkarte",
        "es": "aparcamiento aparcar parking estacionamiento estacionamientos garaje"
        " cochera aparcacoches parqueadero parqueo",
        "fr": "parking garer stationnement voiturier",
        "it": "parcheggio parcheggiare garage posteggio autorimessa",
    },
    "charging": {
        "en": "charger charging ev electric tesla supercharger",
        "ru": "зарядка электромобиль электромобиля электрокар тесла",
        "de": "laden ladestation elektroauto wallbox ladesäule eauto elektrofahrzeug",
        "es": "cargador eléctrico recarga",
        "fr": "borne",
        "it": "colonnina colonnine",
    },
    "car": {
        "en": "car vehicle van campervan motorhome caravan suv",
        "ru": "машина автомобиль авто тачка автомашина",
        "de": "auto wagen pkw fahrzeug wohnmobil",
        "es": "coche carro automóvil vehículo",
        "fr": "voiture véhicule vehicule bagnole",
        "it": "macchina automobile veicolo vettura",
    },
    "gym": {
        "en": "gym fitness workout treadmill dumbbells exercise gymnasium",
        "ru": "спортзал тренажерный фитнес тренажерка тренажер качалка фитнесзал"
        " тренировка тренироваться беговая гантели",
        "de": "fitness fitnessraum fitnessstudio laufband fitnesscenter kraftraum"
        " trainieren training hanteln",
        "es": "gimnasio entrenar",
        "fr": "salle-de-sport muscu musculation cardio",
        "it": "palestra tapis-roulant allenamento",
    },
    "restaurant": {
        "en": "restaurant dinner lunch dine bistro eatery brasserie trattoria pizzeria steakhouse",
        "ru": "ресторан ужин обед поужинать пообедать ресторанчик кафе кафешка столик столовая",
        "de": "restaurant abendessen mittagessen speisekarte gaststätte gasthaus wirtshaus",
        "es": "restaurante cena cenar almuerzo comer comemos comida comidas comedor menú",
        "fr": "restaurant dîner resto restos menu",
        "it": "ristorante cena pranzo osteria menù",
    },
    "roomservice": {
        "en": "roomservice",
        "ru": "доставка румсервис",
        "de": "zimmerservice etagenservice",
        "es": "servicio-de-habitaciones",
    },
    "laundry": {
        "en": "laundry washing detergent drycleaning ironing launderette laundromat washer",
        "ru": "стирка постирать прачечная стиральная химчистка погладить глажка"
        " стиралка стирать порошок сушилка",
        "de": "wäsche waschen waschmaschine wäscherei reinigung bügeln bügelservice"
        " waschsalon trockner wäschetrockner waschmittel waschküche wäscheservice",
        "es": "lavandería lavar lavadora planchar tintorería ropa detergente",
        "fr": "laverie lessive pressing blanchisserie lave-linge sèche-linge",
        "it": "lavanderia lavatrice bucato asciugatrice lavasecco stendino",
    },
    "invoice": {
        "en": "invoice receipt bill billing folio",
        "ru": "счет чек квитанция инвойс счетфактура",
        "de": "rechnung quittung beleg firmenrechnung zahlungsbeleg",
        "es": "factura recibo recibos comprobante",
        "fr": "facture reçu justificatif recu",
        "it": "fattura ricevuta scontrino",
    },
    "luggage": {
        "en": "luggage baggage bags suitcase suitcases backpack rucksack",
        "ru": "багаж чемодан чемоданы сумки вещи рюкзак",
        "de": "gepäck koffer taschen gepäckstück reisetasche gepäckaufbewahrung",
        "es": "equipaje maleta maletas valija mochila",
        "fr": "bagages valise valises consigne bagagerie",
        "it": "bagagli valigia valigie zaino trolley",
    },
    "meeting": {
        "en": "meeting conference workshop seminar boardroom projector",
        "ru": "переговорная конференц зал семинар совещание конференцзал переговорка переговоры",
        "de": "besprechung konferenz meeting tagung seminar konferenzraum tagungsraum"
        " besprechungsraum meetingraum seminarraum",
        "es": "reunión conferencia sala salas congreso seminario coworking convención",
        "fr": "réunion conférence séminaire reunion",
        "it": "riunione conferenza convegno congresso",
    },
    "pet": {
        "en": "pet pets dog dogs cat cats puppy labrador kitten doggy",
        "ru": "питомец собака собакой кошка кот животное пес собачка песик котик"
        " котенок щенок питомца пса",
        "de": "hund hunde katze haustier tier welpe hündin vierbeiner hundenapf",
        "es": "perro perros gato mascota perrito gatito",
        "fr": "chien chat animal chiot toutou",
        "it": "cane gatto animale cagnolino cucciolo",
    },
    "kids": {
        "en": "kids kid children child teenager daughter playground childcare"
        " babysitter babysitting",
        "ru": "дети ребенок детей детский ребенка детьми детки сын дочь дочка подросток",
        "de": "kinder kind kinderbetreuung kinderclub spielplatz spielzimmer"
        " kinderspielplatz kindermenü kinderteller miniclub",
        "es": "niños niño niña hijos guardería guarderías guarderia infantil peques"
        " menores críos niñera ludoteca ninos",
        "fr": "enfants enfant gamins gosses mini-club",
        "it": "bambini bambino bimbi bimbo bimba figli",
    },
    "baby": {
        "en": "baby cot crib highchair toddler infant newborn stroller pram pushchair diaper",
        "ru": "малыш младенец кроватка младенца грудничок малышка подгузники памперсы пеленальный",
        "de": "baby babybett kinderbett hochstuhl säugling kleinkind wickeltisch"
        " babyphone kinderwagen flaschenwärmer",
        "es": "bebé bebés cuna trona biberón pañales cochecito",
        "fr": "bébé berceau nourrisson poussette biberon",
        "it": "neonato culla bebè bebe passeggino pannolini",
    },
    "pool": {
        "en": "pool swim swimming lifeguard poolside",
        "ru": "бассейн плавать поплавать плавание бассик",
        "de": "pool schwimmbad becken schwimmen schwimmbecken hallenbad freibad"
        " außenpool innenpool",
        "es": "piscina nadar nado nadamos pileta alberca",
        "fr": "piscine nager natation bassin",
        "it": "piscina nuotare nuoto",
    },
    "beach": {
        "en": "beach sea seaside beachfront",
        "ru": "пляж море пляжный",
        "de": "strand meer sandstrand badestrand strandzugang",
        "es": "playa mar cala",
        "fr": "plage mer crique",
        "it": "spiaggia mare lido balneare",
    },
    "towel": {
        "en": "towel towels washcloth facecloth",
        "ru": "полотенце полотенца полотенцем полотенец полотенчико",
        "de": "handtuch handtücher badetuch strandtuch poolhandtuch bademantel",
        "es": "toalla toallas toallón",
        "fr": "serviette serviettes essuie",
        "it": "asciugamano asciugamani telo teli",
    },
    "spa": {
        "en": "spa sauna hammam massage facial treatment wellness manicure pedicure beautician",
        "ru": "спа сауна хаммам массаж спацентр велнес косметолог обертывание",
        "de": "spa sauna massage wellnessbereich spabereich kosmetik beauty",
        "es": "spa sauna masaje balneario termal",
        "fr": "spa massage bien-être soins",
        "it": "spa massaggio benessere",
    },
    "cleaning": {
        "en": "housekeeping cleaning clean cleaned sheets linen bedding maid tidy dirty turndown",
        "ru": "уборка убирают убрать уборку постельное белье уборщица горничная"
        " прибраться простыни наволочки пододеяльник клининг",
        "de": "reinigung putzen bettwäsche zimmerreinigung zimmermädchen putzfrau"
        " sauber saubermachen aufräumen endreinigung laken schmutzig dreckig",
        "es": "limpieza limpiar sábanas mucama sucio aspiradora escoba",
        "fr": "ménage draps menage nettoyage nettoyer aspirateur sale",
        "it": "pulizia lenzuola pulizie pulire sporco sporca biancheria riassetto",
    },
    "rubbish": {
        "en": "rubbish garbage trash bin bins recycling recycle waste dumpster",
        "ru": "мусор мусорка отходы мусорный мусоропровод помойка",
        "de": "müll mülltonne abfall altglas mülleimer abfalleimer mülltrennung"
        " müllbeutel mülltüte tonne biomüll restmüll papiermüll glascontainer",
        "es": "basura reciclaje reciclar contenedor papelera residuos tacho",
        "fr": "poubelle déchets ordures tri recyclage",
        "it": "spazzatura rifiuti rifiuto immondizia monnezza pattumiera differenziata"
        " cestino riciclo",
    },
    "kitchen": {
        "en": "kitchen oven stove hob cooking kitchenette microwave dishwasher cookware"
        " utensils cutlery toaster hotplate",
        "ru": "кухня духовка плита кухонька кухонный миникухня микроволновка"
        " микроволновая посуда посудомойка посудомоечная сковородка кастрюля"
        " варочная",
        "de": "küche backofen herd kochen kochnische küchenzeile kochfeld herdplatte"
        " mikrowelle spülmaschine geschirrspüler geschirr besteck töpfe pfanne",
        "es": "cocina horno microondas vitrocerámica vitro fogones sartén ollas"
        " lavavajillas lavaplatos vajilla tostadora",
        "fr": "cuisine four cuisinière micro-ondes vaisselle lave-vaisselle ustensiles casseroles",
        "it": "cucina forno fornelli fornello microonde stoviglie pentole padelle lavastoviglie",
    },
    "heating": {
        "en": "heating heater radiator",
        "ru": "отопление батарея обогреватель обогрев радиатор батареи отопительный",
        "de": "heizung heizkörper heizen heizt fußbodenheizung heizlüfter",
        "es": "calefacción radiador calefactor estufa",
        "fr": "chauffage radiateur chauffer chaudière",
        "it": "riscaldamento termosifone termosifoni calorifero caloriferi stufa stufetta caldaia",
    },
    "aircon": {
        "en": "aircon ac conditioning cooling airco aircondition airconditioning fan",
        "ru": "кондиционер кондей кондер кондиционирование сплитсистема",
        "de": "klimaanlage klima klimatisiert klimagerät ventilator",
        "es": "aire acondicionado climatización ventilador",
        "fr": "climatisation clim climatiseur ventilateur ventilo",
        "it": "condizionatore aria climatizzatore clima ventilatore condizionata",
    },
    "noise": {
        "en": "noise noisy loud quiet party earplugs soundproof",
        "ru": "шум шуметь тишина вечеринка шумно громко тихо беруши",
        # "lautet" ("Wie lautet das WLAN-Passwort?") has a stem of its own (`_OWN_STEMS`).
        "de": "lärm ruhe nachtruhe laut lauter leise ruhig krach geräusch ruhezeiten"
        " hellhörig ohrstöpsel",
        "es": "ruido fiesta ruidoso silencio jaleo bulla",
        "fr": "bruit bruyant calme tapage boucan",
        "it": "rumore rumoroso rumorosa chiasso baccano silenzio",
    },
    "shop": {
        "en": "supermarket supermarkt grocery groceries shop shops boutique souvenir kiosk",
        "ru": "магазин супермаркет продукты магаз магазинчик шопинг рынок тц сувениры",
        "de": "supermarkt einkaufen geschäft einkaufszentrum shoppen späti"
        " einkaufsmöglichkeiten bäckerei",
        "es": "supermercado tienda mercado",
        "fr": "supermarché magasin commerces shopping",
        "it": "supermercato negozio negozi",
    },
    "deposit": {
        "en": "deposit preauthorization preauthorisation preauth",
        "ru": "депозит залог заблокировали блокировка холд предавторизация"
        " преавторизация заморозили",
        "de": "kaution vorautorisierung anzahlung sicherheitsleistung blockierung",
        "es": "fianza depósito preautorización garantía garantia retención",
        "fr": "caution acompte préautorisation",
        "it": "cauzione deposito preautorizzazione caparra acconto",
    },
    "passport": {
        "en": "passport passports id identification",
        "ru": "паспорт паспорта загранпаспорт загран удостоверение паспортные",
        "de": "ausweis pass reisepass personalausweis perso ausweisnummer ausweiskopie",
        "es": "pasaporte dni cédula identificación identidad nie documentación",
        "fr": "passeport identité cni",
        "it": "passaporto documento documenti identità",
    },
    "price": {
        "en": "price cost fee charge tariff expensive cheap cheaper surcharge",
        "ru": "цена стоимость стоит расценки прайс тариф доплата дорого",
        "de": "preis kosten kostet gebühr kostenpflichtig aufpreis zuschlag aufschlag"
        " zusatzkosten teuer günstig",
        "es": "precio cuesta coste costes costo costos tarifa suplemento",
        "fr": "prix coûte tarif cout supplément",
        "it": "prezzo costa tariffa tariffe supplemento",
    },
    "open": {
        "ru": "закрыт закрыто график",
        "de": "offen geöffnet öffnet geschlossen schließt öffnungszeiten",
        "es": "abierto abierta abre cierra cerrado horario abren apertura",
        "fr": "ouvert ouverte ouvre ferme fermé horaires ouverture fermeture",
        "it": "aperto aperta apre chiude chiuso orario orari chiusura",
    },
    "cancel": {
        "en": "cancel cancellation",
        "ru": "отмена отменить отменять аннуляция",
        "de": "stornieren stornierung storno stornogebühr stornokosten stornierbar"
        " absagen canceln",
        "es": "cancelar cancelación anular",
        "fr": "annuler annulation",
        "it": "cancellare cancellazione disdetta disdire annullare annullamento",
    },
    "airport": {
        "en": "airport terminal flight airline",
        "ru": "аэропорт самолет рейс вылет прилет вылетаем прилетаем",
        "de": "flughafen flug flugzeug abflug landung flieger",
        "es": "aeropuerto vuelo avión",
        "fr": "aéroport aeroport vol",
        "it": "aeroporto volo voli",
    },
    "transfer": {
        "en": "transfer shuttle pickup driver chauffeur",
        "ru": "трансфер шаттл водитель шаттлбас",
        "de": "transfer shuttle abholung flughafentransfer shuttlebus shuttleservice"
        " abholservice fahrdienst",
        "es": "traslado transfer lanzadera chófer",
        "fr": "navette transfert",
        "it": "navetta trasferimento autista",
    },
    "safe": {
        "en": "safe valuables safebox strongbox",
        "ru": "сейф ценности",
        "de": "safe tresor schließfach wertsachen zimmersafe",
        "es": "caja-fuerte",
        "fr": "coffre",
        "it": "cassaforte",
    },
    "doctor": {
        "en": "doctor medical pharmacy sick ill clinic dentist hospital gp physician unwell",
        "ru": "врач доктор аптека больница клиника медпункт медсестра заболел болит"
        " терапевт педиатр стоматолог травмпункт медицинский",
        "de": "arzt apotheke ärztin krank krankenhaus klinik zahnarzt hausarzt arztpraxis fieber",
        "es": "médico farmacia clínica enfermo dentista pediatra ambulatorio fiebre",
        "fr": "médecin pharmacie docteur medecin toubib malade médical hôpital hopital"
        " clinique dentiste",
        "it": "medico farmacia dottore dottoressa ospedale febbre",
    },
    # The caller's English and Russian concepts (`matching.CONCEPTS`) in the other languages.
    "late": {
        "ru": "продление продлевать",
        "de": "spät später länger laenger verlängern verlängert verlängerung spätcheckout",
        "es": "tardía tardío prolongar extender prorrogar",
        "fr": "tard tardif tardive prolonger",
        "it": "tardi tardivo tardiva prolungare posticipato posticipata",
    },
    "early": {
        "de": "früh früher frühzeitig vorzeitig frühanreise",
        "es": "temprano temprana anticipado tempranito",
        "fr": "tôt anticipé",
        "it": "presto anticipato anticipata",
    },
    "bar": {
        "en": "pub bartender barman alcohol",
        "ru": "напитки напиток пиво вино алкоголь выпивка",
        "de": "bar getränke drinks cocktail cocktails lobbybar bier wein aperitif kneipe",
        "es": "bar copa copas cóctel cerveza trago chupito",
        "fr": "bar boisson boissons cocktail apéro apero apéritif bière vin",
        "it": "bar bevande cocktail aperitivo birra vino spritz",
    },
    "food": {
        "en": "snack hungry takeaway takeout",
        "ru": "перекусить питание",
        "de": "essen speisen mahlzeit imbiss verpflegung halbpension vollpension hunger hungrig",
        "es": "alimentos snacks",
        "fr": "manger repas nourriture bouffe faim grignoter plats",
        "it": "cibo mangiare pasto spuntino fame",
    },
    "taxi": {
        "en": "lyft cabify",
        "ru": "таксист убер",
        "de": "taxi taxistand taxiruf",
        "es": "taxi bolt didi vtc remis",
        "fr": "taxi",
        "it": "taxi ncc",
    },
    "store": {
        "de": "aufbewahren aufbewahrung abstellen deponieren unterstellen einlagern",
        "es": "guardar consigna custodia casillero",
        "fr": "garder déposer stocker deposer",
        "it": "custodire",
    },
    "iron": {  # Spanish: laundry's words, as ironing is a laundry service
        "ru": "гладильная отпариватель",
        "de": "bügeleisen bügelbrett",
        "fr": "repasser repassage fer",
        "it": "ferro stirare stiratura",
    },
    "pay": {
        "en": "paypal",
        "ru": "оплачивать оплачу платеж сбп предоплата",
        "de": "bezahlen zahlen zahlung überweisung vorkasse zahlungsart zahlungsmethode bezahlt",
        "es": "pagar pago abonar cobro transferencia bizum",
        "fr": "payer paiement virement",
        "it": "pagare pagamento bonifico saldare",
    },
    "card": {
        "en": "debit contactless maestro",
        "ru": "карточка кредитная безнал безналичный",
        "de": "karte kreditkarte ec-karte girocard debitkarte kartenzahlung",
        "es": "tarjeta crédito débito datáfono tpv",
        "fr": "carte cb",
        "it": "carta pos",
    },
    "cash": {
        "en": "atm cashpoint banknotes",
        "ru": "нал кеш",
        "de": "bargeld barzahlung geldautomat bankomat",
        "es": "efectivo metálico cajero",
        "fr": "espèces liquide monnaie",
        "it": "contanti spiccioli",
    },
    "address": {
        "en": "postcode zipcode coordinates gps",
        "ru": "местоположение локация геолокация геопозиция координаты проехать дойти",
        "de": "adresse anfahrt anschrift wegbeschreibung standort navi hausnummer",
        "es": "dirección ubicación mapa",
        "fr": "adresse adresses itinéraire localisation situé",
        "it": "indirizzo posizione ubicazione situato mappa",
    },
    "smoke": {
        "en": "smoker cigar shisha hookah ashtray",
        "ru": "курящий курилка пепельница кальян айкос",
        "de": "rauchen raucher zigarette raucherzimmer raucherbereich nichtraucher"
        " rauchverbot raucherecke",
        "es": "fumar cigarrillo fumador cigarro tabaco vapear vapeo cenicero",
        "fr": "fumer cigarette fumeur clope vapoter",
        "it": "fumare sigaretta fumatori fumo svapare",
    },
    "reception": {
        "en": "receptionist concierge",
        "ru": "администратор админ ресепшионист",
        "de": "rezeption empfang portier nachtportier rezeptionist rezeptionistin lobby",
        "es": "recepción conserje mostrador",
        "fr": "réception accueil réceptionniste",
        "it": "reception accoglienza portineria",
    },
    "phone": {
        "en": "telephone landline",
        "ru": "перезвонить созвониться тел телефончик",
        "de": "telefon anrufen telefonnummer handynummer rückruf zurückrufen hotline",
        "es": "teléfono llamar móvil celular",
        "fr": "téléphone appeler",
        "it": "telefono chiamare cellulare telefonata",
    },
    "booking": {
        "en": "rebook",
        "ru": "забронировать резерв резервация букинг",
        "de": "buchung reservierung buchen reservieren gebucht reserviert"
        " buchungsnummer buchungsbestätigung umbuchen",
        "es": "reserva reservar localizador",
        "fr": "réservation réserver résa",
        "it": "prenotazione prenotare",
    },
    "free": {
        "ru": "халява даром безвозмездно",
        "de": "kostenlos gratis umsonst kostenfrei gebührenfrei",
        "es": "gratis gratuito gratuita cortesía",
        "fr": "gratuit gratuite gratos offert",
        "it": "gratis gratuito gratuita omaggio",
    },
    "room": {
        "ru": "апартаменты",
        "de": "zimmer",
        "es": "habitación dormitorio",
        "fr": "chambre",
        "it": "camera",
    },
    "hotel": {
        "ru": "отельчик апартотель",
        "de": "hotel",
        "es": "hotel alojamiento hostal",
        "fr": "hôtel",
        "it": "albergo",
    },
    "night": {
        "ru": "сутки суток ночевка переночевать ночлег",
        "de": "nacht",
        "es": "noche",
        "fr": "nuit",
        "it": "notte pernottamento",
    },
    # Hotel things guests ask about by name ("lift", "balcony", "bike"): where no entry names
    # one, a guest asking for it asks what the hotel did not write down (`Weights.named`).
    "elevator": {
        "en": "elevator lift",
        "ru": "лифт",
        "de": "aufzug fahrstuhl",
        "es": "ascensor elevador",
        "fr": "ascenseur",
        "it": "ascensore montacarichi",
    },
    "balcony": {
        "en": "balcony terrace patio veranda loggia",
        "ru": "балкон балкончик лоджия терраса веранда патио",
        "de": "balkon terrasse dachterrasse sonnenterrasse",
        "es": "balcón terraza",
        "fr": "balcon véranda",
        "it": "balcone balconi terrazzo terrazza terrazzino",
    },
    "view": {
        "en": "view seaview oceanview panoramic panorama overlooking",
        "ru": "панорама панорамный видовой",
        "de": "aussicht ausblick blick meerblick seeblick bergblick stadtblick panoramablick",
        "es": "vista panorámica",
        "fr": "vue panoramique",
        "it": "panoramica affaccio",
    },
    "bike": {
        "en": "bike bicycle ebike cycling scooter escooter moped vespa",
        "ru": "велосипед самокат электросамокат электровелосипед велопрокат байк скутер мопед",
        "de": "fahrrad rad radl pedelec radverleih fahrradverleih eroller mountainbike radfahren",
        "es": "bici bicis bicicleta patinete",
        "fr": "vélo vélos velo bicyclette vtt trottinette",
        "it": "bicicletta biciclette monopattino motorino mtb",
    },
    "golf": {
        "en": "golf golfer caddie",
        "ru": "гольф гольфполе гольфклуб гольфкар",
        "de": "golfplatz golfclub golfschläger greenfee",
        "es": "minigolf",
    },
    "tennis": {
        "en": "tennis padel pickleball squash badminton court racket racquet",
        "ru": "теннис теннисный корт падел ракетка",
        "de": "tennisplatz padeltennis tennisschläger",
        "es": "tenis pádel raqueta cancha",
        "fr": "raquette",
        "it": "racchetta racchette",
    },
    "sauna": {
        "en": "hamam steamroom banya",
        "ru": "баня банька парилка",
        "de": "saunen saunabereich dampfbad infrarotsauna biosauna",
        "es": "temazcal",
    },
    "massage": {
        "en": "masseuse masseur reflexology",
        "ru": "массажист массажистка массажный",
        "de": "massieren masseurin rückenmassage ganzkörpermassage thaimassage",
        "es": "quiromasaje",
    },
    "jacuzzi": {
        "en": "jacuzzi whirlpool hottub",
        "ru": "джакузи гидромассаж гидромассажная купель чан",
        "de": "whirlwanne",
        "es": "jacuzzis jacuzi hidromasaje",
        "fr": "balnéo balneo",
        "it": "idromassaggio",
    },
    "bathroom": {
        "en": "bathroom shower bath bathtub toilet wc restroom washroom lavatory bidet flush tub",
        "ru": "душ душевая ванна туалет унитаз санузел биде раковина сортир",
        "de": "dusche bad badezimmer badewanne toilette klo waschbecken",
        "es": "ducha bañera baño váter wáter inodoro retrete aseo lavabo bidé tina"
        " regadera cisterna",
        "fr": "douche bain baignoire toilettes sdb salle-de-bain",
        "it": "bagno bagni doccia docce vasca gabinetto",
    },
    "bed": {
        "en": "bed beds mattress bunk sofabed kingsize queensize twin rollaway",
        "ru": "кровать кровати койка матрас матрац диванкровать раскладушка двуспальная"
        " односпальная полуторная допкровать твин",
        "de": "bett matratze zustellbett aufbettung schlafsofa schlafcouch bettsofa"
        " doppelbett einzelbett boxspringbett etagenbett",
        "es": "cama colchón supletoria litera sofácama",
        "fr": "lit matelas couchage canapé-lit clic-clac",
        "it": "letto letti materasso materassi brandina divano-letto",
    },
    "pillow": {
        "en": "pillow blanket duvet pillowcase",
        "ru": "подушка подушек подушечка одеяло плед покрывало",
        "de": "kissen kopfkissen decke bettdecke zudecke daunendecke federbett",
        "es": "almohada almohadón cojín manta edredón cobija frazada colcha",
        "fr": "oreiller oreillers couverture couette plaid traversin coussin",
        "it": "cuscino cuscini guanciale piumone trapunta",
    },
    "minibar": {
        "en": "minibar fridge refrigerator freezer minifridge",
        "ru": "минибар холодильник холодос морозилка морозильник",
        "de": "kühlschrank eisfach gefrierfach",
        "es": "nevera frigorífico frigo refrigerador heladera refri",
        "fr": "réfrigérateur refrigerateur frigidaire congélateur",
        "it": "frigorifero frigobar congelatore",
    },
    "kettle": {
        "en": "kettle tea teabags nespresso capsules coffeemaker cafetiere",
        "ru": "чайник электрочайник кофемашина кофемашинка кофеварка капсулы чай чайный",
        "de": "wasserkocher kaffeemaschine kapseln kaffeekapseln kaffeepads tee teebeutel",
        "es": "hervidor tetera cafetera cápsulas té infusión pava",
        "fr": "bouilloire cafetière dosettes thé tisane",
        "it": "bollitore caffettiera moka capsule cialde tè tisana",
    },
    "tv": {
        "en": "tv television channel netflix chromecast smarttv hdmi youtube firestick",
        "ru": "телевизор телик тв телевидение каналы канал нетфликс хромкаст смарттв",
        "de": "fernseher fernsehprogramm fernsehsender kanäle fernbedienung glotze",
        "es": "tele televisión televisor canales",
        "fr": "télé télévision téléviseur chaînes chaines",
        "it": "tivù televisione televisore",
    },
    "hairdryer": {
        "en": "hairdryer hairdrier blowdryer",
        "ru": "фен",
        "de": "föhn fön haarföhn",
        "fr": "sèche-cheveux seche-cheveux séchoir",
        "it": "asciugacapelli phon fon fohn",
    },
    "key": {
        "en": "key keys keycard keyless fob",
        "ru": "ключ ключик ключкарта картаключ ключница кейбокс",
        "de": "schlüssel schlüsselkarte zimmerkarte türcode schlüsselbox"
        " schlüsselkasten schlüsselsafe schlüsselübergabe",
        "es": "llave llavero cajetín cerradura",
        "fr": "clé clés clef cle badge digicode",
        "it": "chiave chiavi",
    },
    "umbrella": {
        "en": "umbrella brolly",
        "ru": "зонт зонтик",
        "de": "regenschirm",
        "es": "paraguas",
        "fr": "parapluie",
        "it": "ombrello ombrelli",
    },
    "sunbed": {
        "en": "sunbed deckchair parasol sunlounger sunshade cabana",
        "ru": "шезлонг лежак топчан",
        "de": "liegestuhl sonnenliege strandliege poolliege sonnenschirm strandkorb",
        "es": "hamaca tumbona sombrilla camastro reposera",
        "fr": "transat chaise-longue",
        "it": "lettino lettini sdraio ombrellone ombrelloni",
    },
    "excursion": {
        "en": "excursion tour sightseeing daytrip attractions",
        "ru": "экскурсия экскурсионный экскурсовод достопримечательности",
        "de": "ausflug führung stadtführung rundfahrt besichtigung tagesausflug"
        " sehenswürdigkeiten reiseleiter guide bootstour",
        "es": "excursión tours guía turismo",
        "fr": "visiter circuit randonnée rando croisière balade",
        "it": "escursione escursioni gita gite visitare crociera",
    },
    "ticket": {
        "en": "ticket tickets",
        "ru": "билет билетик",
        "de": "eintrittskarte fahrkarte fahrschein eintritt",
        "es": "billete boleto",
        "fr": "billet billetterie",
        "it": "biglietto biglietti biglietteria",
    },
    "dinner": {
        "en": "dinnertime",
        "ru": "ужинать",
        "de": "abendbrot abendbuffet abendkarte",
        "fr": "souper diner",
    },
    "lunch": {
        "en": "luncheon lunchtime",
        "ru": "обедать ланч ланчбокс обеденный",
        "de": "mittagstisch mittagsmenü lunchpaket",
        "es": "almorzar",
        "fr": "déj dej",
    },
    "diet": {
        "en": "vegetarian veggie vegan gluten glutenfree coeliac celiac allergy"
        " allergic lactose halal kosher nuts peanut diet dietary intolerance"
        " pescatarian",
        "ru": "вегетарианский вегетарианец вегетарианка веган веганский глютен"
        " безглютеновый лактоза безлактозный аллергия аллергик халяль халял кошер"
        " кошерный диета диетический постное",
        "de": "vegetarisch vegetarier glutenfrei laktosefrei laktose allergie"
        " allergiker unverträglichkeit koscher zöliakie",
        "es": "vegetariano vegano celíaco alergia alérgico intolerancia lactosa dieta",
        "fr": "végétarien vegetarien végé végan allergique casher kasher intolérance"
        " coeliaque cœliaque",
        "it": "vegetariana vegana glutine celiaco celiachia allergia allergico"
        " intolleranza lattosio",
    },
    "transport": {
        "en": "bus train metro subway tram tube station railway ferry",
        "ru": "автобус автобусная маршрутка поезд электричка трамвай троллейбус вокзал"
        " автовокзал станция остановка транспорт проездной",
        "de": "busse bushaltestelle haltestelle zug bahn bahnhof hauptbahnhof hbf ubahn"
        " sbahn straßenbahn öpnv nahverkehr verkehrsmittel fahrplan busbahnhof",
        "es": "autobús tren subte tranvía tranvia estación transporte cercanías guagua",
        "fr": "autobus métro tramway rer tgv",
        "it": "pullman treno treni stazione metropolitana",
    },
    "carhire": {
        "en": "carhire carrental rentacar hertz avis europcar",
        "ru": "автопрокат каршеринг рентакар",
        "de": "mietwagen autovermietung leihwagen mietauto autoverleih leihauto",
        "es": "sixt",
        "fr": "loueur",
        "it": "autonoleggio",
    },
    "pharmacy": {
        "en": "chemist drugstore pharmacist medicine painkiller paracetamol ibuprofen aspirin",
        "ru": "аптечный лекарства таблетки",
        "de": "medikamente drogerie tabletten schmerztabletten",
        "es": "parafarmacia medicamento medicinas pastillas ibuprofeno",
        "fr": "pharmacien médicament medicament ordonnance paracétamol doliprane",
        "it": "medicinali tachipirina paracetamolo",
    },
    "supermarket": {
        "en": "grocer minimarket minimart",
        "ru": "продуктовый гипермаркет минимаркет универсам гастроном",
        "de": "lebensmittel lebensmittelgeschäft discounter aldi lidl rewe edeka billa",
        "es": "abarrotes comestibles ultramarinos mercadona carrefour oxxo",
        "fr": "supérette superette épicerie epicerie",
        "it": "alimentari",
    },
    "wheelchair": {
        "en": "wheelchair disabled disability handicapped handicap ramp stepfree crutches",
        "ru": "инвалид инвалидная колясочник пандус маломобильных безбарьерный овз",
        "de": "rollstuhl rollstuhlgerecht rollstuhlfahrer barrierefrei behindert"
        " behindertengerecht rampe stufenlos gehbehindert rollator",
        "es": "accesibilidad discapacidad discapacitado minusválido rampa",
        "fr": "handicapé pmr accessibilité plain-pied",
        "it": "disabile disabili disabilità accessibilità",
    },
    "cot": {
        "en": "playpen bassinet",
        "ru": "люлька манеж стульчик",
        "de": "reisebett gitterbett babybettchen kinderhochstuhl",
        "es": "minicuna periquera corralito",
        "fr": "rehausseur lit-bébé lit-parapluie chaise-haute",
        "it": "seggiolone culletta",
    },
    "upgrade": {
        "en": "upgrade",
        "ru": "апгрейд апгрейднуть проапгрейдить",
        "de": "upgegradet zimmerupgrade höherstufung",
        "fr": "surclassement surclasser",
    },
    "discount": {
        "en": "discount promo promocode voucher coupon",
        "ru": "скидка скидочка промокод промо купон ваучер акция спецпредложение сертификат",
        "de": "rabatt rabattcode ermäßigung ermäßigt gutschein gutscheincode"
        " aktionscode sonderangebot nachlass vergünstigung",
        "es": "descuento promoción promocional oferta cupón rebaja bono",
        "fr": "réduction reduction réduc promotion rabais ristourne",
        "it": "sconto sconti scontato promozione",
    },
    "tax": {
        "en": "tax levy ecotax",
        "ru": "налог",
        "de": "kurtaxe ortstaxe citytax tourismusabgabe touristensteuer bettensteuer"
        " beherbergungssteuer übernachtungssteuer kurabgabe gästetaxe ortsabgabe",
        "es": "tasa impuesto ecotasa",
        "it": "tassa tasse",
    },
    "refund": {
        "en": "refund nonrefundable reimburse reimbursement chargeback",
        "ru": "возврат возмещение компенсация рефанд",
        "de": "rückerstattung erstattung zurückerstatten rückzahlung gutschrift",
        "es": "reembolso devolución reintegro",
        "fr": "remboursement rembourser",
        "it": "rimborso rimborsare rimborsabile",
    },
    "lost": {
        "en": "lost misplaced",
        "ru": "потерял потеряшки пропажа находок забытые",
        "de": "fundsachen fundbüro verloren vergessen liegengelassen liegenlassen",
        "es": "perdido olvidé extravié",
        "fr": "perdu perdus oublié oublie égaré",
        "it": "smarrito smarrita smarriti persa dimenticato dimenticata",
    },
    "wakeup": {
        "en": "wakeup",
        "ru": "будильник разбудить побудка звонокбудильник",
        "de": "weckruf weckdienst weckservice wecken",
        "es": "despertador despierten",
        "fr": "réveil reveil",
        "it": "sveglia",
    },
    "entertainment": {
        "en": "entertainment disco nightclub karaoke dj nightlife cabaret concert",
        "ru": "анимация аниматор дискотека диско минидиско шоу концерт развлечения"
        " развлекательная караоке диджей",
        "de": "animation animationsprogramm animateur unterhaltung abendprogramm"
        " abendunterhaltung show livemusik diskothek tanzabend nachtclub",
        "es": "animación espectáculo shows discoteca baile entretenimiento minidisco",
        "fr": "spectacle discothèque karaoké",
        "it": "animazione animatore animatori spettacolo spettacoli concerto concerti",
    },
    "sea": {
        "en": "ocean seafront oceanfront coast",
        "ru": "морской океан побережье берег",
        "de": "ozean küste meerwasser ostsee nordsee mittelmeer",
        "es": "océano marítimo",
        "fr": "océan",
        "it": "oceano lungomare",
    },
    "weather": {
        "en": "weather forecast rain rainy sunny storm windy snow",
        "ru": "погода дождь дождик ливень прогноз снег ветер шторм гроза солнечно",
        "de": "wetter regen regnet regnerisch wettervorhersage wetterbericht gewitter"
        " sonnig schnee",
        "es": "lluvia llueve llover lluvioso pronóstico previsión tormenta nublado meteorología",
        "fr": "météo meteo pluie pleut pleuvoir orage prévisions",
        "it": "pioggia piove temporale previsioni",
    },
    "emergency": {
        "en": "emergency fire police ambulance paramedic extinguisher evacuation stolen"
        " theft robbed",
        "ru": "полиция полицейский пожар пожарная экстренный эвакуация огнетушитель мчс",
        "de": "notfall notruf notarzt polizei feuer feuerwehr krankenwagen"
        " rettungswagen feueralarm rauchmelder notausgang notfallnummer",
        "es": "emergencia urgencia incendio fuego policía policia ambulancia bomberos"
        " socorro auxilio robo",
        "fr": "urgence incendie gendarmerie commissariat samu pompiers secours",
        "it": "emergenza emergenze polizia carabinieri ambulanza pompieri soccorso",
    },
    "printer": {
        "en": "printer print printout scanner photocopy",
        "ru": "принтер распечатать распечатка напечатать посадочный ксерокс сканер отсканировать",
        "de": "drucker ausdrucken bordkarte boardingpass kopieren",
        "es": "impresora imprimir impresión fotocopia escáner",
        "fr": "imprimante imprimer photocopie",
        "it": "stampante stampare",
    },
    "event": {
        "en": "wedding birthday celebration anniversary honeymoon event banquet gala",
        "ru": "свадьба свадебный банкет юбилей корпоратив торжество годовщина"
        " мероприятие днюха фуршет",
        "de": "hochzeit feier feiern geburtstag geburtstagsfeier jubiläum veranstaltung"
        " firmenfeier junggesellenabschied",
        "es": "boda cumpleaños cumple celebración aniversario banquete comunión bautizo",
        "fr": "mariage anniversaire anniv célébrer célébration cérémonie baptême evjf",
        "it": "matrimonio compleanno anniversario nozze battesimo cerimonia festeggiare",
    },
    "water": {
        "en": "drinkable",
        "ru": "питьевая минералка минеральная бутилированная негазированная кулер",
        "de": "trinkwasser leitungswasser wasserflasche mineralwasser sprudel wasserspender",
        "es": "potable garrafa garrafón",
        "fr": "eau",
        "it": "acqua potabile",
    },
}

# Everyday phrases that mean a concept though none of their words does alone ("be out",
# "ins Zimmer"): concept → language → phrases (comma-separated). A phrase matches consecutive
# words of a message; a phrase word of four letters or more also matches a longer word it
# begins ("room" ~ "rooms").
PHRASES: Mapping[str, Mapping[str, str]] = {
    "checkout": {
        "en": "be out, get out, leave the room, room back, give back the room,"
        " hand the keys back, check out, checking out",
        "ru": "освободить номер, освобождать номер, сдать номер, сдать ключи",
        "de": "müssen wir raus, zimmer räumen, zimmer verlassen, wohnung verlassen, auschecken",
        "es": "dejar la habitación, dejar el apartamento, salir de la habitación,"
        " entregar las llaves, entregar la llave, devolver las llaves,"
        " devolver la llave, dejar las llaves, dejar la llave, dejar el cuarto,"
        " salir del cuarto, salir del apartamento",
        "fr": "libérer la chambre, quitter la chambre, rendre la chambre,"
        " rendre les clés, rendre les clefs, quitter l'hôtel,"
        " quitter l'appartement, libérer l'appartement",
        "it": "lasciare la camera, liberare la camera, lasciare l'appartamento,"
        " liberare l'appartamento, lasciare la stanza, liberare la stanza,"
        " riconsegnare le chiavi, restituire le chiavi, consegnare le chiavi",
    },
    "checkin": {
        "en": "get into, get in, room ready, get the keys, get our keys, get the room,"
        " check in, checking in",
        "ru": "попасть в номер, заселиться, заехать в номер, получить ключи",
        "de": "ins zimmer, in die wohnung, zimmer fertig, zimmer bereit, schlüssel bekommen",
        "es": "entrar a la habitación, entrar en la habitación, habitación lista,"
        " entramos, recoger las llaves, recoger la llave, entrar al cuarto,"
        " entrar al apartamento",
        "fr": "avoir la chambre, chambre prête, récupérer les clés, récupérer les clefs,"
        " entrer dans la chambre, accéder à la chambre",
        "it": "camera pronta, entrare in camera, ritirare le chiavi, prendere le chiavi,"
        " entrare nell'appartamento, entrare in stanza",
    },
    "late": {
        "en": "stay longer, keep the room, stay in the room, stay until, stay till",
        "ru": "задержаться в номере, остаться подольше",
        "de": "länger bleiben",
        "es": "quedarnos hasta, quedarme hasta, quedarse más, salir más tarde,"
        " salir mas tarde, quedarnos más, quedarme más, quedarnos mas,"
        " una noche más, una noche mas, noche extra",
        "fr": "rester plus longtemps, garder la chambre, rester dans la chambre",
        "it": "restare più a lungo, tenere la camera, restare in camera,"
        " rimanere più a lungo, rimanere in camera",
    },
    "roomservice": {
        "en": "room service, in room dining, food to the room, food brought up,"
        " food up to the room, eat in the room, order food",
        "ru": "еду в номер, еда в номер, еды в номер, обслуживание номеров, рум сервис,"
        " заказать в номер, заказ в номер",
        "de": "essen aufs zimmer, essen ins zimmer, frühstück aufs zimmer, frühstück ins zimmer",
        "es": "comida a la habitación, comer en la habitación, servicio de habitaciones,"
        " servicio a la habitación, servicio al cuarto, servicio de cuarto,"
        " comida al cuarto, pedir comida, cenar en la habitación",
        "fr": "repas en chambre, service en chambre, service d'étage,"
        " manger dans la chambre, plateau repas",
        "it": "cibo in camera, servizio in camera, colazione in camera, cena in camera,"
        " mangiare in camera, portare in camera",
    },
    "noise": {
        "en": "make noise, quiet hours",
        "ru": "можно шуметь, тихий час, громкая музыка",
        "de": "laut sein",
        "es": "hacer ruido",
    },
    "parking": {
        "en": "leave the car, put the car, car park",
        "ru": "оставить машину, поставить машину",
        "de": "auto abstellen, wagen abstellen",
        "es": "dejar el coche, dejar el carro, dejar el auto",
        "fr": "laisser la voiture",
        "it": "lasciare la macchina, parcheggio coperto, posto auto",
    },
    "laundry": {
        "en": "dry cleaning",
        "ru": "сдать в стирку",
        "de": "chemische reinigung",
        "es": "limpieza en seco",
        "fr": "machine à laver, laver le linge, laver mes vêtements,"
        " laver nos vêtements, laver des vêtements, nettoyage à sec,"
        " séchoir à linge",
        "it": "lavare i vestiti, lavare i panni, lavaggio a secco",
    },
    "rubbish": {
        "en": "glass bottles, empty bottles",
        "ru": "стеклянные бутылки, пустые бутылки",
        "de": "leere flaschen, gelber sack, gelbe tonne",
        "es": "botellas de vidrio",
        "fr": "tri sélectif",
        "it": "raccolta differenziata",
    },
    "store": {
        "en": "left luggage, leave our bags, leave our luggage, leave the bags,"
        " leave the luggage, leave my bags, leave my luggage, drop our bags,"
        " drop off our bags, drop off the bags, drop off our luggage",
        "ru": "камера хранения, камеру хранения, камере хранения, камеры хранения",
        "es": "dejar las maletas, dejar la maleta, dejar el equipaje,"
        " dejar las mochilas, guardar las maletas, guardar el equipaje",
        "fr": "laisser les bagages, laisser nos bagages, laisser mes bagages,"
        " laisser les valises, laisser nos valises, laisser mes valises",
        "it": "lasciare i bagagli, lasciare le valigie, lasciare le borse, lasciare lo zaino",
    },
    "transfer": {
        "en": "pick us up, pick me up, give us a lift, give me a lift",
        "ru": "встретить в аэропорту, встреча в аэропорту, забрать из аэропорта,"
        " отвезти в аэропорт",
        "fr": "venir nous chercher, venir me chercher, nous chercher à",
        "it": "venire a prenderci, venirci a prendere, venire a prendermi,"
        " venirmi a prendere, passare a prenderci",
    },
    "car": {
        "en": "gas station, petrol station, fuel station, filling station",
    },
    "charging": {
        "en": "charging station, charge my car, charge the car, charge our car",
        "es": "punto de recarga, cargar el coche, cargar el carro, cargar el auto,"
        " coche eléctrico, auto eléctrico, carro eléctrico",
        "fr": "borne de recharge, recharger la voiture, recharger ma voiture,"
        " voiture électrique, véhicule électrique",
        "it": "auto elettrica, macchina elettrica, ricaricare l'auto,"
        " ricaricare la macchina, ricarica auto",
    },
    "address": {
        "en": "find the hotel, find you, get to the hotel, get to you",
        "es": "cómo llegar, como llegar, cómo llego, como llego, cómo llegamos,"
        " como llegamos, cómo se llega, como se llega",
        "it": "come arrivare, come raggiungervi, come vi raggiungo, indicazioni stradali",
    },
    "cleaning": {
        "en": "do not disturb, make up the room, make up my room, make up our room",
        "es": "ropa de cama, hacer la habitación, arreglar la habitación,"
        " hacer el cuarto, arreglar el cuarto",
        "fr": "linge de lit, faire la chambre, femme de ménage",
        "it": "rifare il letto, rifare la camera, cambio biancheria",
    },
    "aircon": {
        "en": "air con, air conditioner, air conditioning, a c",
        "it": "aria condizionata",
    },
    "restaurant": {
        "en": "afternoon tea, high tea, places to eat, place to eat, where to eat",
        "es": "reservar mesa, reservar una mesa, mesa para",
    },
    "bar": {
        "en": "happy hour",
    },
    "towel": {
        "en": "bath towel, bath sheet",
        "fr": "drap de bain, draps de bain",
        "it": "telo mare, teli mare, telo da mare, teli da mare",
    },
    "deposit": {
        "en": "hold on my card, hold on the card, blocked on my card, blocked amount,"
        " amount blocked",
        "fr": "empreinte bancaire, empreinte de carte",
    },
    "free": {
        "en": "no extra charge, at no cost, no extra cost",
        "es": "sin coste, sin costo, sin cargo",
    },
    "doctor": {
        "en": "first aid",
        "es": "centro de salud, centro médico",
        "it": "guardia medica, visita medica",
    },
    "spa": {
        "en": "beauty salon, beauty treatment, nail salon",
    },
    "view": {
        "en": "sea view, ocean view, city view, mountain view, garden view, pool view,"
        " lake view, river view, beach view",
        "ru": "вид на море, вид на город, вид на горы, вид на озеро, вид на реку,"
        " вид из окна, видом на море, видом на город, видом на горы,"
        " видом на озеро, видом на реку, с видом",
        "es": "vista al mar, vista a la ciudad, vista a la montaña, vista a la piscina, con vista",
        "fr": "vue mer, vue sur la mer, vue sur mer, vue sur la ville, vue sur le lac,"
        " vue sur la montagne",
        "it": "vista mare, vista sul mare, vista lago, vista sul lago, vista città,"
        " vista sulla città, vista montagna, vista sulle montagne",
    },
    "bed": {
        "en": "king size, queen size",
        "ru": "дополнительная кровать, доп кровать, дополнительное спальное место,"
        " спальное место, спальные места, спальных мест, диван кровать",
        "es": "cama de matrimonio, camas separadas, sofá cama, sofa cama",
        "fr": "lit supplémentaire, lit d'appoint, canapé lit, canapé convertible,"
        " lit double, lits jumeaux, lits séparés, grand lit",
        "it": "divano letto, letto aggiuntivo, letto extra, letto matrimoniale,"
        " letti singoli, letti separati, letto singolo",
    },
    "minibar": {
        "en": "mini bar, mini fridge",
        "ru": "мини бар",
    },
    "kettle": {
        "en": "coffee machine, coffee maker, coffee capsules, coffee pods,"
        " coffee and tea, tea and coffee, make coffee",
        "es": "máquina de café, maquina de cafe, máquina de cafe, maquina de café,"
        " jarra eléctrica, jarra electrica, hacer café, hacer un café",
        "fr": "machine à café, machine nespresso, machine à expresso",
        "it": "macchina del caffè, macchinetta del caffè, macchina caffè, macchinetta caffè",
    },
    "tv": {
        "en": "prime video, amazon prime, disney plus",
        "es": "mando a distancia, control remoto, smart tv",
    },
    "hairdryer": {
        "en": "hair dryer, hair drier, blow dryer, blow drier",
        "es": "secador de pelo, secador de cabello, secadora de pelo, secadora de cabello",
        "fr": "sèche cheveux, seche cheveux",
    },
    "key": {
        "en": "key card, room card, door code, entry code, gate code, access code",
        "ru": "код от двери, код двери, код на двери, код замка, код от замка,"
        " код домофона, код от подъезда, карта от номера, карту от номера,"
        " карточка от номера, карточку от номера",
        "es": "tarjeta de la habitación, tarjeta de acceso, tarjeta llave,"
        " tarjeta de la puerta, código de la puerta, código de acceso,"
        " código de entrada, código del portal, caja de llaves",
        "fr": "carte clé, carte magnétique, code de la porte, code porte, code d'accès,"
        " code de l'immeuble, boîte à clés, boite à clés, boîte à clefs,"
        " boite à clefs",
        "it": "codice porta, codice della porta, codice del portone, codice d'accesso,"
        " codice di accesso, codice d'ingresso, tessera magnetica,"
        " scheda magnetica, cassetta delle chiavi, cassetta chiavi",
    },
    "sunbed": {
        "en": "sun lounger, sun bed, beach chair, pool chair, deck chair,"
        " beach umbrella, sun umbrella, pool lounger, beach lounger",
        "ru": "пляжный зонт, пляжные зонты, пляжные зонтики, пляжный зонтик,"
        " зонтик от солнца, зонт от солнца",
        "fr": "chaise longue, chaises longues, bain de soleil, bains de soleil",
        "it": "sedia sdraio",
    },
    "excursion": {
        "en": "day trip, boat trip, guided tour, tour guide, city tour, walking tour,"
        " things to do, places to visit, worth seeing, worth visiting,"
        " what to see",
        "ru": "морская прогулка, морские прогулки, что посмотреть",
        "es": "visita guiada, qué visitar, que visitar, lugares de interés,"
        " sitios de interés, lugares turísticos, sitios turísticos",
        "fr": "visite guidée, visites guidées, que visiter, quoi visiter, à visiter",
        "it": "visita guidata, visite guidate, cosa visitare, da visitare,"
        " guida turistica, tour guidato, tour guidati",
    },
    "dinner": {
        "en": "evening meal",
        "de": "zu abend essen, abends essen",
        "fr": "repas du soir",
    },
    "lunch": {
        "en": "packed lunch, lunch box",
        "de": "zu mittag essen, mittags essen",
        "fr": "repas du midi, repas de midi, pause déjeuner",
    },
    "diet": {
        "en": "special diet, food allergy, food allergies, gluten free, dairy free,"
        " lactose free, nut free, plant based",
        "de": "ohne fleisch, kein fleisch, kein schweinefleisch",
    },
    "transport": {
        "en": "public transport, public transportation, bus stop, train station,"
        " metro station, subway station, tram stop",
        "ru": "метро, общественный транспорт",
        "de": "öffentliche verkehrsmittel, öffentlichen verkehrsmitteln, öffentlicher nahverkehr",
        "es": "parada de autobús, parada del autobús, parada de bus, parada del bus,"
        " parada de metro, parada de tren, transporte público",
        "fr": "transports en commun, transport en commun, arrêt de bus",
        "it": "mezzi pubblici, trasporto pubblico, trasporti pubblici,"
        " fermata dell'autobus, fermata del bus, fermata della metro",
    },
    "carhire": {
        "en": "car rental, car hire, rent a car, hire a car, rental car, hire car,"
        " renting a car, hiring a car, rent car",
        "ru": "аренда авто, аренда машин, аренду авто, аренду машин, аренды авто,"
        " аренды машин, прокат авто, прокат машин, арендовать авто,"
        " арендовать машин, снять машину",
        "de": "auto mieten, auto leihen, auto ausleihen, wagen mieten",
        "es": "alquiler de coche, alquilar un coche, alquilar coche, coche de alquiler,"
        " alquiler de autos, alquilar un auto, auto de alquiler, renta de autos,"
        " rentar un auto, rentar un carro, carro de alquiler",
        "fr": "location de voiture, location de voitures, location voiture,"
        " louer une voiture, louer un véhicule, voiture de location,"
        " location de véhicule",
        "it": "noleggio auto, noleggio macchina, noleggio macchine, noleggiare un'auto,"
        " noleggiare una macchina, noleggiare la macchina, auto a noleggio,"
        " macchina a noleggio, affittare una macchina, affittare un'auto",
    },
    "supermarket": {
        "en": "convenience store, corner shop, grocery store, food shop, food store",
        "fr": "faire les courses, faire des courses, faire nos courses, faire mes courses",
        "it": "fare la spesa, negozio di alimentari",
    },
    "wheelchair": {
        "en": "step free, reduced mobility, limited mobility, disabled access,"
        " accessible room, accessible bathroom, accessible entrance",
        "ru": "инвалидная коляска, инвалидной коляске, инвалидной коляской,"
        " ограниченными возможностями, доступная среда, без ступенек",
        "de": "ohne stufen",
        "es": "silla de ruedas, movilidad reducida, sin escalones, habitación adaptada,"
        " habitaciones adaptadas, es accesible, habitación accesible,"
        " habitaciones accesibles, accesible para",
        "fr": "fauteuil roulant, mobilité réduite, accès handicapé, sans marches",
        "it": "sedia a rotelle, sedie a rotelle, barriere architettoniche,"
        " senza barriere, mobilità ridotta",
    },
    "cot": {
        "en": "baby bed, baby cot, travel cot, baby crib, high chair, baby chair",
        "ru": "детский стул, стульчик для кормления, стул для кормления",
        "es": "cuna de viaje, silla alta, silla para comer",
        "fr": "lit bébé, lit bebe, lit de bébé, lit pour bébé, lit parapluie,"
        " lit enfant, lit pour enfant, chaise haute, chaises hautes",
        "it": "lettino da campeggio, lettino per bambini, lettino per il bambino,"
        " lettino per neonato, lettino per il neonato, lettino per bebè,"
        " lettino per la bambina",
    },
    "jacuzzi": {
        "en": "hot tub, spa bath, whirlpool bath",
        "es": "bañera de hidromasaje, tina de hidromasaje, tina caliente",
        "fr": "bain à remous, bain bouillonnant, baignoire balnéo",
        "it": "vasca idromassaggio",
    },
    "sauna": {
        "en": "steam room, steam bath, turkish bath",
        "de": "türkisches bad",
        "es": "baño turco, baño de vapor",
        "fr": "bain turc, bain de vapeur",
        "it": "bagno turco, bagno di vapore",
    },
    "golf": {
        "en": "driving range, tee time, putting green, pitch and putt",
    },
    "upgrade": {
        "en": "better room, bigger room",
        "ru": "повышение категории, повысить категорию, повышением категории,"
        " улучшение номера, улучшить номер, улучшение категории,"
        " улучшить категорию, номер получше, номер побольше",
        "de": "besseres zimmer, besseren zimmer, größeres zimmer, größeren zimmer",
        "es": "mejorar la habitación, mejorar de habitación, mejora de habitación,"
        " subir de categoría, cambiar de categoría, habitación superior,"
        " mejor habitación",
        "fr": "meilleure chambre, chambre supérieure, catégorie supérieure",
        "it": "camera migliore, camera superiore, categoria superiore",
    },
    "discount": {
        "en": "promo code, discount code, special offer, special rate, gift card,"
        " gift voucher, best rate, best price",
        "es": "código de descuento, código promo, tarjeta regalo, cheque regalo",
        "fr": "code promo, code promotionnel, bon de réduction, offre spéciale,"
        " geste commercial, prix réduit, tarif réduit",
        "it": "codice sconto, codice promozionale, codice promo, buono sconto,"
        " prezzo scontato, tariffa scontata",
    },
    "refund": {
        "en": "money back, my money back",
        "ru": "вернуть деньги, верните деньги, вернете деньги, вернут деньги,"
        " вернули деньги, деньги вернут, деньги вернете, вернуть предоплату,"
        " верните предоплату, вернуть залог, верните залог",
        "de": "geld zurück",
        "es": "devolver el dinero, devuelvan el dinero, devolución del dinero,"
        " me devuelven, nos devuelven",
        "it": "soldi indietro, riavere i soldi",
    },
    "lost": {
        "en": "lost and found, lost property, left behind, left something, forgot my,"
        " forgotten my, forgot something, forgot our",
        "ru": "бюро находок, забыл в номере, забыла в номере, забыли в номере,"
        " оставил в номере, оставила в номере, оставили в номере, забыл вещи,"
        " забыла вещи, забыли вещи, оставил вещи, оставила вещи, оставили вещи,"
        " забыл у вас, забыла у вас, забыли у вас, оставил у вас, оставила у вас,"
        " оставили у вас",
        "de": "liegen gelassen, liegen lassen",
        "es": "objetos perdidos, objetos olvidados, me dejé, nos dejamos, me he dejado,"
        " nos hemos dejado, se me olvidó, se nos olvidó, se me quedó,"
        " se nos quedó",
        "fr": "objets trouvés, objet trouvé, objets perdus, objets oubliés,"
        " oublié dans la chambre, laissé dans la chambre",
        "it": "oggetti smarriti, oggetti dimenticati, lasciato in camera, dimenticato in camera",
    },
    "wakeup": {
        "en": "wake up call, wakeup call, wake me up, wake us up, morning call,"
        " alarm call, alarm clock",
        "ru": "звонок будильник, утренний звонок",
        "es": "llamada despertador, llamada de despertador, servicio de despertador,"
        " llamada para despertar",
        "fr": "service de réveil, appel de réveil",
        "it": "servizio sveglia, sveglia telefonica, chiamata di sveglia",
    },
    "entertainment": {
        "en": "live music, live band, live show, evening show, night show,"
        " evening entertainment, evening program, evening programme,"
        " animation team, animation program, animation programme",
        "ru": "живая музыка, живой музыкой, живой музыки, живую музыку,"
        " вечерняя программа, вечерние программы",
        "de": "live musik",
        "es": "música en vivo, música en directo, musica en vivo, musica en directo,"
        " programa de animación",
        "fr": "boîte de nuit, boite de nuit, musique live, musique en direct, soirée dansante",
        "it": "musica dal vivo, musica live, serata danzante",
    },
    "printer": {
        "en": "boarding pass, boarding card",
        "ru": "посадочный талон",
        "es": "tarjeta de embarque, pase de abordar, pase de abordaje, pase de embarque",
        "fr": "carte d'embarquement, cartes d'embarquement",
        "it": "carta d'imbarco, carte d'imbarco, carta di imbarco",
    },
    "event": {
        "en": "hen party, stag party, hen do, stag do, birthday party, private party,"
        " private event, special occasion, bachelorette party, bachelor party",
        "ru": "день рождения, дня рождения, днем рождения, дне рождения, медовый месяц",
        "es": "despedida de soltero, despedida de soltera, luna de miel,"
        " fiesta de cumpleaños, fiesta privada",
        "fr": "lune de miel, voyage de noces, enterrement de vie",
        "it": "luna di miele, viaggio di nozze, addio al celibato, addio al nubilato",
    },
    "water": {
        "en": "drinking water, tap water, bottled water, water bottle, bottle of water,"
        " bottles of water, mineral water, still water, sparkling water,"
        " drink the water, drink tap water, safe to drink, water refill,"
        " refill station, water dispenser",
        "ru": "вода из под крана, воду из под крана, вода из-под крана,"
        " воду из-под крана, вода из крана, воду из крана, пить из под крана,"
        " пить из-под крана, бутылка воды, бутылку воды, бутылки воды,"
        " бутылочка воды, вода в бутылках, воду в бутылках, питьевая вода",
        "de": "wasser trinken, wasser trinkbar, stilles wasser, wasser aus der leitung,"
        " wasser aus dem hahn",
        "es": "agua potable, agua del grifo, agua de la llave, agua de la canilla,"
        " agua embotellada, botella de agua, agua mineral, agua para beber,"
        " agua de beber, beber agua, beber el agua, tomar el agua",
        "fr": "eau du robinet, bouteille d'eau, bouteilles d'eau, eau en bouteille,"
        " eau minérale, eau plate, eau gazeuse",
        "it": "acqua del rubinetto, bottiglia d'acqua, bottiglie d'acqua,"
        " bottiglia di acqua, acqua in bottiglia, acqua minerale, acqua naturale,"
        " acqua frizzante, acqua gassata",
    },
    "breakfast": {
        "ru": "шведский стол, шведского стола, шведском столе",
        "fr": "petit déjeuner, petit dejeuner, petit déj, petit dej, p'tit déj, p'tit dej",
    },
    "invoice": {
        "ru": "закрывающие документы, отчетные документы",
    },
    "heating": {
        "ru": "теплый пол, теплые полы",
    },
    "tax": {
        "ru": "курортный сбор, курортного сбора, курортный налог, туристический сбор,"
        " туристического сбора, туристический налог, городской налог,"
        " городской сбор",
        "es": "tasa turística, tasa turistica, tasa municipal, impuesto turístico,"
        " tasa de estancia, impuesto de estancia",
        "fr": "taxe de séjour, taxe séjour, taxe touristique",
        "it": "tassa di soggiorno, imposta di soggiorno, tassa comunale, tassa turistica",
    },
    "emergency": {
        "ru": "скорая, скорую, скорой помощи, вызвать скорую, вызовите скорую, запасный выход",
        "es": "salida de emergencia, salida de incendios",
        "fr": "issue de secours, sortie de secours",
        "it": "vigili del fuoco, pronto soccorso, uscita di emergenza",
    },
    "bathroom": {
        "ru": "туалетная бумага",
        "es": "papel higiénico, papel higienico",
        "fr": "salle de bain, salle de bains, salle d'eau, chasse d'eau, eau chaude",
        "it": "vasca da bagno, servizi igienici, acqua calda",
    },
    "price": {
        "ru": "почем",
        "es": "cuánto vale, cuanto vale, cuánto sale, cuanto sale, cuánto cobran,"
        " cuanto cobran, cuánto es, cuanto es",
        "it": "a pagamento",
    },
    "bike": {
        "ru": "велик, велики, великов, прокат велосипедов, прокат великов",
        "it": "noleggio bici, noleggio biciclette",
    },
    "cash": {
        "de": "bar zahlen, bar bezahlen, in bar",
    },
    "early": {
        "es": "llegar antes, llegamos antes, llego antes, entrar antes",
    },
    "gym": {
        "es": "cinta de correr, sala de fitness, sala de pesas",
        "fr": "salle de sport, salle de gym, salle de fitness, salle de musculation",
    },
    "safe": {
        "es": "caja de seguridad",
    },
    "pillow": {
        "es": "funda nórdica, funda nordica",
        "it": "coperta in più, coperte in più, coperta extra, coperte extra,"
        " altra coperta, altre coperte",
    },
    "tennis": {
        "es": "pista de tenis, pista de pádel, pista de padel",
    },
    "ticket": {
        "es": "comprar entradas, sacar entradas, las entradas, entradas para",
    },
    "sea": {
        "es": "frente al mar, primera línea, primera linea",
        "fr": "bord de mer, front de mer, eau de mer",
        "it": "in riva al mare, fare il bagno in mare",
    },
    "weather": {
        "es": "qué tiempo, que tiempo, buen tiempo, mal tiempo, previsión del tiempo",
        "fr": "beau temps, mauvais temps, quel temps fait, quel temps fera",
        "it": "che tempo fa, che tempo farà, bel tempo, brutto tempo",
    },
    "password": {
        "fr": "mot de passe, mots de passe",
    },
    "food": {
        "fr": "fruits de mer",
        "it": "frutti di mare",
    },
    "pool": {
        "fr": "maillot de bain, bonnet de bain",
        "it": "piscina coperta",
    },
    "iron": {
        "fr": "fer à repasser, planche à repasser",
        "it": "ferro da stiro, asse da stiro",
    },
    "passport": {
        "fr": "carte d'identité, pièce d'identité",
        "it": "carta d'identità, carta di identità, documento d'identità, documento di identità",
    },
    "luggage": {
        "it": "deposito bagagli",
    },
    "kitchen": {
        "it": "piano cottura, angolo cottura",
    },
}
