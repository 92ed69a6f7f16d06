"""Everyday words guests use for hotel things, per language, grouped by what they mean.

Why: a knowledge entry is written in the hotel's words ("key box", "housekeeping",
"Reinigung"); guests write theirs ("lockbox", "fresh sheets", "Putzfrau"). The scorer
(`scoring.py`) gives words of one concept a shared term, so either meets the other. The
groups extend `matching.CONCEPTS` (English and Russian, same names merge) with German,
Spanish, French and Italian and with more everyday English and Russian words.

Deliberately generic to hotels, never to one hotel's knowledge: a word belongs here only if
any hotel's guest would mean the concept by it. Words are written as guests write them and
stemmed per language when an index is built.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["PHRASES", "THESAURUS"]

# concept → language → words (space-separated)
THESAURUS: Mapping[str, Mapping[str, str]] = {
    "checkin": {
        "en": "checkin arrival arrive arriving arrives",
        "ru": "заселение заселиться заезд заехать приезд",
        "de": "checkin anreise ankunft ankommen einchecken",
        "es": "checkin llegada llegar llegamos entrada",
        "fr": "arrivée arriver",
        "it": "arrivo arrivare",
    },
    "checkout": {
        "en": "checkout departure depart",
        "ru": "выезд выселение выехать съехать",
        "de": "checkout abreise abreisen auschecken abfahrt",
        "es": "checkout salida",
        "fr": "départ",
        "it": "partenza",
    },
    "breakfast": {
        "en": "breakfast brekkie buffet croissant croissants",
        "ru": "завтрак завтраки завтракать",
        "de": "frühstück frühstücken frühstücksbuffet",
        "es": "desayuno desayunar",
        "fr": "petit-déjeuner déjeuner",
        "it": "colazione",
    },
    "wifi": {
        "en": "wifi wlan internet connection network router",
        "ru": "вайфай интернет сеть роутер вафля",
        "de": "wlan internet netz netzwerk router",
        "es": "wifi internet red conexión router",
        "fr": "wifi internet réseau connexion",
        "it": "wifi internet rete connessione",
    },
    "password": {
        "en": "password pw pwd passcode",
        "ru": "пароль",
        "de": "passwort kennwort",
        "es": "contraseña clave",
        "fr": "mot-de-passe",
        "it": "password",
    },
    "parking": {
        "en": "parking park carpark garage",
        "ru": "парковка парковаться припарковаться стоянка паркинг",
        "de": "parken parkplatz parkhaus tiefgarage garage",
        "es": "aparcamiento aparcar parking estacionamiento garaje",
        "fr": "parking garer stationnement",
        "it": "parcheggio parcheggiare garage",
    },
    "charging": {
        "en": "charger charging ev electric tesla",
        "ru": "зарядка электромобиль электромобиля",
        "de": "laden ladestation elektroauto wallbox",
        "es": "cargador eléctrico",
    },
    "car": {
        "en": "car vehicle van",
        "ru": "машина автомобиль авто",
        "de": "auto wagen",
        "es": "coche",
        "fr": "voiture",
        "it": "macchina",
    },
    "gym": {
        "en": "gym fitness workout treadmill",
        "ru": "спортзал тренажерный фитнес тренажерка",
        "de": "fitness fitnessraum fitnessstudio laufband",
        "es": "gimnasio",
        "fr": "salle-de-sport",
        "it": "palestra",
    },
    "restaurant": {
        "en": "restaurant dinner lunch dine",
        "ru": "ресторан ужин обед поужинать пообедать",
        "de": "restaurant abendessen mittagessen",
        "es": "restaurante cena cenar almuerzo comer",
        "fr": "restaurant dîner",
        "it": "ristorante cena pranzo",
    },
    "roomservice": {
        "en": "roomservice",
        "ru": "доставка",
        "de": "zimmerservice",
        "es": "servicio-de-habitaciones",
    },
    "laundry": {
        "en": "laundry washing detergent drycleaning",
        "ru": "стирка постирать прачечная стиральная",
        "de": "wäsche waschen waschmaschine wäscherei reinigung",
        "es": "lavandería lavar lavadora",
        "fr": "laverie lessive",
        "it": "lavanderia lavatrice",
    },
    "invoice": {
        "en": "invoice receipt bill billing",
        "ru": "счет чек квитанция",
        "de": "rechnung quittung beleg",
        "es": "factura recibo",
        "fr": "facture reçu",
        "it": "fattura ricevuta",
    },
    "luggage": {
        "en": "luggage baggage bags suitcase suitcases",
        "ru": "багаж чемодан чемоданы сумки вещи",
        "de": "gepäck koffer taschen",
        "es": "equipaje maleta maletas",
        "fr": "bagages valise valises",
        "it": "bagagli valigia valigie",
    },
    "meeting": {
        "en": "meeting conference workshop seminar boardroom",
        "ru": "переговорная конференц зал семинар совещание",
        "de": "besprechung konferenz meeting tagung seminar",
        "es": "reunión conferencia sala",
        "fr": "réunion conférence",
        "it": "riunione conferenza",
    },
    "pet": {
        "en": "pet pets dog dogs cat cats puppy labrador",
        "ru": "питомец собака собакой кошка кот животное пес",
        "de": "hund hunde katze haustier",
        "es": "perro perros gato mascota",
        "fr": "chien chat animal",
        "it": "cane gatto animale",
    },
    "kids": {
        "en": "kids kid children child",
        "ru": "дети ребенок детей детский",
        "de": "kinder kind",
        "es": "niños niño niña hijos",
        "fr": "enfants enfant",
        "it": "bambini bambino",
    },
    "baby": {
        "en": "baby cot crib highchair toddler",
        "ru": "малыш младенец кроватка",
        "de": "baby babybett kinderbett hochstuhl",
        "es": "bebé cuna trona",
        "fr": "bébé berceau",
        "it": "neonato culla",
    },
    "pool": {
        "en": "pool swim swimming",
        "ru": "бассейн плавать поплавать",
        "de": "pool schwimmbad becken schwimmen",
        "es": "piscina nadar",
        "fr": "piscine",
        "it": "piscina",
    },
    "beach": {
        "en": "beach sea seaside",
        "ru": "пляж море",
        "de": "strand meer",
        "es": "playa mar",
        "fr": "plage mer",
        "it": "spiaggia mare",
    },
    "towel": {
        "en": "towel towels",
        "ru": "полотенце полотенца полотенцем",
        "de": "handtuch handtücher badetuch",
        "es": "toalla toallas",
        "fr": "serviette serviettes",
        "it": "asciugamano asciugamani",
    },
    "spa": {
        "en": "spa sauna hammam massage facial treatment",
        "ru": "спа сауна хаммам массаж",
        "de": "spa sauna massage",
        "es": "spa sauna masaje",
        "fr": "spa massage",
        "it": "spa massaggio",
    },
    "cleaning": {
        "en": "housekeeping cleaning clean cleaned sheets linen bedding",
        "ru": "уборка убирают убрать уборку постельное белье",
        "de": "reinigung putzen bettwäsche zimmerreinigung",
        "es": "limpieza limpiar sábanas",
        "fr": "ménage draps",
        "it": "pulizia lenzuola",
    },
    "rubbish": {
        "en": "rubbish garbage trash bin bins recycling",
        "ru": "мусор мусорка",
        "de": "müll mülltonne abfall",
        "es": "basura reciclaje",
        "fr": "poubelle déchets",
        "it": "spazzatura rifiuti",
    },
    "kitchen": {
        "en": "kitchen oven stove hob cooking",
        "ru": "кухня духовка плита",
        "de": "küche backofen herd kochen",
        "es": "cocina horno",
        "fr": "cuisine four",
        "it": "cucina forno",
    },
    "heating": {
        "en": "heating heater radiator",
        "ru": "отопление батарея",
        "de": "heizung",
        "es": "calefacción",
        "fr": "chauffage",
        "it": "riscaldamento",
    },
    "aircon": {
        "en": "aircon ac conditioning cooling",
        "ru": "кондиционер",
        "de": "klimaanlage klima",
        "es": "aire acondicionado",
        "fr": "climatisation clim",
        "it": "condizionatore aria",
    },
    "noise": {
        "en": "noise noisy loud quiet party",
        "ru": "шум шуметь тишина",
        "de": "lärm laut ruhe",
        "es": "ruido",
        "fr": "bruit",
        "it": "rumore",
    },
    "shop": {
        "en": "supermarket supermarkt grocery groceries shop shops",
        "ru": "магазин супермаркет продукты",
        "de": "supermarkt einkaufen geschäft",
        "es": "supermercado tienda",
        "fr": "supermarché",
        "it": "supermercato",
    },
    "deposit": {
        "en": "deposit",
        "ru": "депозит залог",
        "de": "kaution",
        "es": "fianza depósito",
        "fr": "caution",
        "it": "cauzione deposito",
    },
    "passport": {
        "en": "passport passports id",
        "ru": "паспорт паспорта",
        "de": "ausweis pass reisepass",
        "es": "pasaporte dni",
        "fr": "passeport",
        "it": "passaporto",
    },
    "price": {
        "en": "price cost fee charge",
        "ru": "цена стоимость стоит",
        "de": "preis kosten kostet gebühr",
        "es": "precio cuesta coste",
        "fr": "prix coûte",
        "it": "prezzo costa",
    },
    "cancel": {
        "en": "cancel cancellation",
        "ru": "отмена отменить",
        "de": "stornieren stornierung",
        "es": "cancelar cancelación",
        "fr": "annuler annulation",
        "it": "cancellare",
    },
    "airport": {
        "en": "airport terminal flight",
        "ru": "аэропорт",
        "de": "flughafen",
        "es": "aeropuerto",
        "fr": "aéroport",
        "it": "aeroporto",
    },
    "transfer": {
        "en": "transfer shuttle pickup driver",
        "ru": "трансфер шаттл",
        "de": "transfer shuttle abholung",
        "es": "traslado transfer",
        "fr": "navette",
        "it": "navetta",
    },
    "safe": {
        "en": "safe valuables",
        "ru": "сейф",
        "de": "safe tresor",
        "es": "caja-fuerte",
        "fr": "coffre",
        "it": "cassaforte",
    },
    "doctor": {
        "en": "doctor medical pharmacy sick ill",
        "ru": "врач доктор аптека",
        "de": "arzt apotheke",
        "es": "médico farmacia",
        "fr": "médecin pharmacie",
        "it": "medico farmacia",
    },
}

# Everyday phrases that mean a concept though none of their words does alone ("be out",
# "ins Zimmer"): concept → language → phrases (comma-separated). A phrase matches consecutive
# words of a message; a phrase word of four letters or more also matches a longer word it
# begins ("room" ~ "rooms").
PHRASES: Mapping[str, Mapping[str, str]] = {
    "checkout": {
        "en": "be out, get out, leave the room, room back, give back the room, hand the keys back,"
        " check out, checking out",
        "ru": "освободить номер, освобождать номер, сдать номер, сдать ключи",
        "de": "müssen wir raus, zimmer räumen, zimmer verlassen, wohnung verlassen, auschecken",
        "es": "dejar la habitación, dejar el apartamento, salir de la habitación,"
        " entregar las llaves",
        "fr": "libérer la chambre, quitter la chambre",
        "it": "lasciare la camera, liberare la camera",
    },
    "checkin": {
        "en": "get into, get in, room ready, get the keys, get our keys, get the room, check in,"
        " checking in",
        "ru": "попасть в номер, заселиться, заехать в номер, получить ключи",
        "de": "ins zimmer, in die wohnung, zimmer fertig, zimmer bereit, schlüssel bekommen",
        "es": "entrar a la habitación, entrar en la habitación, habitación lista, entramos",
        "fr": "avoir la chambre, chambre prête",
        "it": "camera pronta, entrare in camera",
    },
    "late": {
        "en": "stay longer, keep the room, stay in the room, stay until, stay till",
        "ru": "задержаться в номере, остаться подольше",
        "de": "länger bleiben",
        "es": "quedarnos hasta, quedarme hasta, quedarse más",
        "fr": "rester plus longtemps",
        "it": "restare più a lungo",
    },
    "roomservice": {
        "en": "room service, in room dining, food to the room, food brought up,"
        " food up to the room, eat in the room, order food",
        "ru": "еду в номер, еда в номер, еды в номер",
        "de": "essen aufs zimmer, essen ins zimmer",
        "es": "comida a la habitación, comer en la habitación",
        "fr": "repas en chambre",
        "it": "cibo in camera",
    },
    "noise": {
        "en": "make noise, quiet hours",
        "ru": "можно шуметь",
        "de": "laut sein",
        "es": "hacer ruido",
    },
}
