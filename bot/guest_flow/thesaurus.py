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
of its own in `textnorm.OWN_STEMS`.
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
        " anreisetag anreisezeit ankunftszeit bezugsfertig",
        "es": "checkin llegada llegar llegamos entrada ingreso",
        "fr": "arrivée arriver enregistrement arrivee",
        "it": "arrivo arrivare registrazione",
    },
    "checkout": {
        "en": "checkout departure depart",
        "ru": "выезд выселение выехать съехать выселяться выезжать выедем уезжать освобождение",
        "de": "checkout abreise abreisen auschecken abfahrt ausgecheckt abreisetag abreisezeit",
        "es": "checkout salida desalojar egreso desocupar",
        "fr": "départ",
        "it": "partenza rilascio",
    },
    "breakfast": {
        "en": "breakfast brekkie buffet croissant croissants omelette omelet pancakes brunch",
        "ru": "завтрак завтраки завтракать позавтракать омлет яичница сырники",
        "de": "frühstück frühstücken frühstücksbuffet frühstücksraum frühstückszeit"
        " brötchen brötchenservice zmorge zmorgen semmel semmeln",
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
        "fr": "wifi internet réseau connexion routeur connecter télétravail teletravail",
        "it": "wifi internet rete connessione connettere",
    },
    "password": {
        "en": "password pw pwd passcode",
        "ru": "пароль",
        "de": "passwort kennwort zugangsdaten wlancode wificode wlanschlüssel netzwerkschlüssel",
        "es": "contraseña clave contrasena",
        "fr": "mot-de-passe mdp",
        "it": "password psw",
    },
    "parking": {
        "en": "parking park carpark garage valet",
        "ru": "парковка парковаться припарковаться стоянка паркинг парковочное машиноместо",
        "de": "parken parkplatz parkhaus tiefgarage garage stellplatz parkmöglichkeit"
        " parkgebühr parkkarte parkieren",
        "es": "aparcamiento aparcar parking estacionamiento estacionamientos garaje"
        " cochera aparcacoches parqueadero parqueo",
        "fr": "parking garer stationnement voiturier horodateur",
        "it": "parcheggio parcheggiare garage posteggio autorimessa",
    },
    "charging": {
        "en": "charger ev electric tesla supercharger",
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
        " тренировка тренироваться беговая гантели потренироваться покачаться"
        " качалку kachalka позаниматься тренажеры",
        "de": "fitness fitnessraum fitnessstudio laufband fitnesscenter kraftraum"
        " trainieren training hanteln crosstrainer ergometer rudergerät"
        " hantelbank",
        "es": "gimnasio entrenar mancuernas crossfit",
        "fr": "salle-de-sport muscu musculation cardio haltères halteres entraîner entrainer",
        "it": "palestra tapis-roulant allenamento allenarmi allenarsi",
    },
    "restaurant": {
        "en": "restaurant dinner lunch dine bistro eatery brasserie trattoria pizzeria"
        " steakhouse dinnertime luncheon lunchtime",
        "ru": "ресторан ужин обед поужинать пообедать ресторанчик кафе кафешка столик"
        " столовая ужинать обедать ланч ланчбокс обеденный",
        "de": "restaurant abendessen mittagessen speisekarte gaststätte gasthaus"
        " wirtshaus abendbrot abendbuffet abendkarte mittagstisch mittagsmenü"
        " lunchpaket",
        "es": "restaurante cena cenar almuerzo comer comemos comida comidas comedor menú almorzar",
        "fr": "restaurant dîner resto restos menu souper diner déj dej",
        "it": "ristorante cena pranzo osteria menù",
    },
    "nightlife": {
        "en": "nightlife nightclub nightclubs",
        "ru": "клубешник тусовка тусовки",
        "de": "nachtleben nachtclub nachtclubs",
    },
    "grill": {
        "en": "grill steak steaks bbq barbecue barbeque grilled",
        "ru": "гриль стейк стейки барбекю мангал шашлык",
        "de": "grill steak steaks grillen gegrillt",
        "es": "parrilla barbacoa asador filete chuletón",
        "fr": "grill grillade grillades steak barbecue",
        "it": "griglia bistecca barbecue grigliata",
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
        " waschsalon trockner wäschetrockner waschmittel waschküche wäscheservice"
        " wäscheleine wäscheständer trockenständer",
        "es": "lavandería lavar lavadora planchar tintorería ropa detergente tendedero",
        "fr": "laverie lessive pressing blanchisserie lave-linge sèche-linge",
        "it": "lavanderia lavatrice bucato asciugatrice lavasecco stendino",
    },
    "invoice": {
        "en": "invoice receipt bill billing folio",
        "ru": "счет чек квитанция инвойс счетфактура ндс юрлицо",
        "de": "rechnung quittung beleg firmenrechnung zahlungsbeleg firmenname"
        " firmenadresse rechnungsadresse spesenabrechnung reisekostenabrechnung"
        " ustid steuernummer",
        "es": "factura recibo recibos comprobante cif nif rfc cuit",
        "fr": "facture reçu justificatif recu siret",
        "it": "fattura ricevuta scontrino",
    },
    "luggage": {
        "en": "luggage baggage bags suitcase suitcases backpack rucksack porter bellboy bellhop",
        "ru": "багаж чемодан чемоданы сумки вещи рюкзак",
        "de": "gepäck koffer taschen gepäckstück reisetasche gepäckaufbewahrung kofferträger",
        "es": "equipaje maleta maletas valija mochila bultos",
        "fr": "bagages valise valises consigne bagagerie",
        "it": "bagagli valigia valigie zaino trolley borsone",
    },
    "meeting": {
        "en": "meeting conference workshop seminar boardroom projector beamer presentation",
        "ru": "переговорная конференц зал семинар совещание конференцзал переговорка переговоры"
        " проектор презентация презентации",
        "de": "besprechung konferenz meeting tagung seminar konferenzraum tagungsraum"
        " besprechungsraum meetingraum seminarraum"
        " präsentation",
        "es": "reunión conferencia sala salas congreso seminario coworking convención"
        " proyector presentación",
        "fr": "réunion conférence séminaire reunion projecteur présentation",
        "it": "riunione conferenza convegno congresso proiettore presentazione",
    },
    "pet": {
        "en": "pet pets dog dogs cat cats puppy labrador kitten doggy pup pooch doggo"
        " furbaby terrier dachshund retriever poodle chihuahua bulldog beagle spaniel pug"
        " schnauzer husky corgi yorkie pomeranian maltese sheepdog",
        "ru": "питомец собака собакой кошка кот животное пес собачка песик котик"
        " котенок щенок питомца пса выгуливать выгул лоток терьер лабрадор ретривер"
        " пудель чихуахуа бульдог бигль спаниель мопс шпиц корги хаски овчарка йорк",
        "de": "hund hunde katze haustier tier welpe hündin vierbeiner hundenapf"
        " fellnase fellnasen gassi hundefreundlich tierfreundlich dackel terrier labrador"
        " retriever pudel chihuahua bulldogge beagle spaniel mops schnauzer husky"
        " schäferhund spitz malteser",
        "es": "perro perros gato mascota perrito gatito animales cachorro terrier"
        " labrador retriever caniche chihuahua bulldog beagle teckel salchicha pug"
        " carlino yorkshire",
        "fr": "chien chat animal chiot toutou teckel labrador retriever caniche"
        " chihuahua bouledogue beagle épagneul carlin yorkshire",
        "it": "cane gatto animale cagnolino cucciolo bassotto labrador retriever"
        " barboncino chihuahua bulldog beagle carlino yorkshire",
    },
    "kids": {
        "en": "kids kid children child teenager daughter playground childcare"
        " babysitter babysitting nanny playroom familyfriendly"
        " teens toddler toddlers",
        "ru": "дети ребенок детей детский ребенка детьми детки сын дочь дочка подросток"
        " детишки ребятишки"
        " близнецы малыш малыша",
        "de": "kinder kind kinderbetreuung kinderclub spielplatz spielzimmer"
        " kinderspielplatz kindermenü kinderteller miniclub sohn söhne tochter"
        " töchter enkel enkelkinder nachwuchs"
        " zwillinge jugendliche kleinkind",
        "es": "niños niño niña hijos guardería guarderías guarderia infantil peques"
        " menores críos niñera ludoteca ninos nenes columpios chavales"
        " gemelos adolescentes",
        "fr": "enfants enfant gamins gosses mini-club ado ados jumeaux adolescents",
        "it": "bambini bambino bimbi bimbo bimba figli gemelli adolescenti",
    },
    "baby": {
        "en": "baby cot crib highchair toddler infant newborn stroller pram pushchair"
        " diaper nappy playpen bassinet",
        "ru": "малыш младенец кроватка младенца грудничок малышка подгузники памперсы"
        " пеленальный радионяня стерилизатор люлька манеж стульчик",
        "de": "baby babybett kinderbett hochstuhl säugling kleinkind wickeltisch"
        " babyphone kinderwagen flaschenwärmer windeln windel wickeln buggy"
        " fläschchen schnuller reisebett gitterbett babybettchen kinderhochstuhl",
        "es": "bebé bebés cuna trona biberón pañales cochecito cambiador"
        " calientabiberones lactancia potitos minicuna periquera corralito",
        "fr": "bébé berceau nourrisson poussette biberon chauffe-biberon rehausseur"
        " lit-bébé lit-parapluie chaise-haute",
        "it": "neonato culla bebè bebe passeggino pannolini fasciatoio scaldabiberon"
        " omogeneizzati seggiolone culletta",
    },
    "pool": {
        "en": "pool swim swimming lifeguard poolside",
        "ru": "бассейн плавать поплавать плавание бассик лягушатник",
        "de": "pool schwimmbad becken schwimmen schwimmbecken hallenbad freibad"
        " außenpool innenpool",
        "es": "piscina nadar nado nadamos pileta alberca bañador bañadores",
        "fr": "piscine nager natation bassin",
        "it": "piscina nuotare nuoto",
    },
    "beach": {
        "en": "beach sea seaside beachfront sand sandy ocean seafront oceanfront coast",
        "ru": "пляж море пляжный загорать позагорать морской океан побережье берег",
        "de": "strand meer sandstrand badestrand strandzugang badesee badestelle ozean"
        " küste meerwasser ostsee nordsee mittelmeer",
        "es": "playa mar cala océano marítimo",
        "fr": "plage mer crique océan",
        "it": "spiaggia mare lido balneare oceano lungomare",
    },
    "towel": {
        "en": "towel towels washcloth facecloth bathrobe robe",
        "ru": "полотенце полотенца полотенцем полотенец полотенчико халат",
        "de": "handtuch handtücher badetuch strandtuch poolhandtuch bademantel"
        " badelaken duschtuch duschtücher saunatuch saunatücher waschlappen",
        "es": "toalla toallas toallón",
        "fr": "serviette serviettes essuie",
        "it": "asciugamano asciugamani telo teli",
    },
    "spa": {
        "en": "spa sauna hammam massage facial treatment wellness manicure pedicure"
        " beautician hairdresser waxing hamam steamroom banya masseuse masseur"
        " reflexology",
        "ru": "спа сауна хаммам массаж спацентр велнес косметолог обертывание маникюр"
        " педикюр баня банька парилка массажист массажистка массажный",
        "de": "spa sauna massage wellnessbereich spabereich kosmetik beauty maniküre"
        " pediküre gesichtsbehandlung ruheraum ayurveda saunen saunabereich"
        " dampfbad infrarotsauna biosauna massieren masseurin rückenmassage"
        " ganzkörpermassage thaimassage",
        "es": "spa sauna masaje balneario termal manicura pedicura temazcal quiromasaje",
        "fr": "spa massage bien-être soins",
        "it": "spa massaggio benessere",
    },
    "cleaning": {
        "en": "housekeeping cleaning clean cleaned sheets linen bedding maid tidy dirty"
        " turndown hoover vacuum dusty stain",
        "ru": "уборка убирают убрать уборку постельное белье уборщица горничная"
        " прибраться простыни наволочки пододеяльник клининг пылесос"
        " пропылесосить грязно грязный",
        "de": "reinigung putzen bettwäsche zimmerreinigung zimmermädchen putzfrau"
        " sauber saubermachen aufräumen endreinigung laken schmutzig dreckig"
        " staubsauger staubsaugen wäschewechsel",
        "es": "limpieza limpiar sábanas mucama sucio aspiradora escoba recamarera",
        "fr": "ménage draps menage nettoyage nettoyer aspirateur sale",
        "it": "pulizia lenzuola pulizie pulire sporco sporca biancheria riassetto aspirapolvere",
    },
    "rubbish": {
        "en": "rubbish garbage trash bin bins recycling recycle waste dumpster",
        "ru": "мусор мусорка отходы мусорный мусоропровод помойка",
        "de": "müll mülltonne abfall altglas mülleimer abfalleimer mülltrennung"
        " müllbeutel mülltüte tonne biomüll restmüll papiermüll glascontainer"
        " wegwerfen wegschmeißen entsorgen leergut pfandflaschen wertstoffe"
        " papierkorb",
        "es": "basura reciclaje reciclar contenedor papelera residuos tacho envases cubo cubos",
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
        " mikrowelle spülmaschine geschirrspüler geschirr besteck töpfe pfanne"
        " abwaschen spülmittel kochplatte schneidebrett selbstversorger"
        " kochutensilien",
        "es": "cocina horno microondas vitrocerámica vitro fogones sartén ollas"
        " lavavajillas lavaplatos vajilla tostadora fregadero cazuelas cacerola"
        " cubertería hornillo",
        "fr": "cuisine four cuisinière micro-ondes vaisselle lave-vaisselle ustensiles casseroles",
        "it": "cucina forno fornelli fornello microonde stoviglie pentole padelle lavastoviglie",
    },
    "heating": {
        "en": "heating heater radiator",
        "ru": "отопление батарея обогреватель обогрев радиатор батареи отопительный"
        " мерзнем замерзаем"
        " мерзнет мерзну мерзнут",
        "de": "heizung heizkörper heizen heizt fußbodenheizung heizlüfter frieren",
        "es": "calefacción radiador calefactor estufa",
        "fr": "chauffage radiateur chauffer chaudière",
        "it": "riscaldamento termosifone termosifoni calorifero caloriferi stufa stufetta caldaia",
    },
    "aircon": {
        "en": "aircon ac conditioning cooling airco aircondition airconditioning fan stuffy"
        " boiling sweltering",
        "ru": "кондиционер кондей кондер кондиционирование сплитсистема душно жарко жара",
        "de": "klimaanlage klima klimatisiert klimagerät ventilator klimatisierung runterkühlen",
        "es": "aire acondicionado climatización ventilador minisplit split calor",
        "fr": "climatisation clim climatiseur ventilateur ventilo chaleur",
        "it": "condizionatore aria climatizzatore clima ventilatore condizionata",
    },
    "noise": {
        "en": "noise noisy loud quiet party earplugs soundproof",
        "ru": "шум шуметь тишина вечеринка шумно громко тихо беруши звукоизоляция шумоизоляция",
        # "lautet" ("Wie lautet das WLAN-Passwort?") has a stem of its own (`textnorm.OWN_STEMS`).
        "de": "lärm ruhe nachtruhe laut lauter leise ruhig krach geräusch ruhezeiten"
        " hellhörig ohrstöpsel baustelle ohropax",
        "es": "ruido fiesta ruidoso silencio jaleo bulla gritos escándalo escandalo",
        "fr": "bruit bruyant calme tapage boucan",
        "it": "rumore rumoroso rumorosa chiasso baccano silenzio",
    },
    "shop": {
        "en": "supermarket supermarkt grocery groceries shop shops boutique souvenir"
        " kiosk mall grocer minimarket minimart",
        "ru": "магазин супермаркет продукты магаз магазинчик шопинг рынок тц сувениры"
        " шоппинг закупиться затариться продуктовый гипермаркет минимаркет"
        " универсам гастроном",
        "de": "supermarkt einkaufen geschäft einkaufszentrum shoppen späti"
        " einkaufsmöglichkeiten bäckerei lebensmittel lebensmittelgeschäft"
        " discounter aldi lidl rewe edeka billa",
        "es": "supermercado tienda mercado tiendita abarrotes comestibles ultramarinos"
        " mercadona carrefour oxxo",
        "fr": "supermarché magasin commerces shopping supérette superette épicerie epicerie",
        "it": "supermercato negozio negozi alimentari",
    },
    "deposit": {
        "en": "deposit preauthorization preauthorisation preauth",
        "ru": "депозит залог заблокировали блокировка холд предавторизация"
        " преавторизация заморозили залоговая залоговый обеспечительный заморозка",
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
        "fr": "annuler annulation empêchement empechement",
        "it": "cancellare cancellazione disdetta disdire annullare annullamento",
    },
    "airport": {
        "en": "airport terminal flight airline layover stopover",
        "ru": "аэропорт самолет рейс вылет прилет вылетаем прилетаем приземлимся"
        " приземляемся приземление",
        "de": "flughafen flug flugzeug abflug landung flieger rückflug hinflug heimflug abfliegen",
        "es": "aeropuerto vuelo avión aterrizamos aterrizaje despegue",
        "fr": "aéroport aeroport vol atterrir atterrissage",
        "it": "aeroporto volo voli aereo aerei atterrare atterraggio",
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
        "de": "safe tresor schließfach wertsachen zimmersafe wegschließen einschließen",
        "es": "caja-fuerte",
        "fr": "coffre coffre-fort coffres-forts",
        "it": "cassaforte",
    },
    "doctor": {
        "en": "doctor medical pharmacy sick ill clinic dentist hospital gp physician"
        " unwell fever injured injury toothache chemist drugstore pharmacist"
        " medicine painkiller paracetamol ibuprofen aspirin",
        "ru": "врач доктор аптека больница клиника медпункт медсестра заболел болит"
        " терапевт педиатр стоматолог травмпункт медицинский отравился отравление"
        " простудился простуда аптечный лекарства таблетки",
        "de": "arzt apotheke ärztin krank krankenhaus klinik zahnarzt hausarzt"
        " arztpraxis fieber schmerzen bauchschmerzen zahnschmerzen verletzt"
        " verletzung durchfall übelkeit medikamente drogerie tabletten"
        " schmerztabletten",
        "es": "médico farmacia clínica enfermo dentista pediatra ambulatorio fiebre"
        " enfermera parafarmacia medicamento medicinas pastillas ibuprofeno",
        "fr": "médecin pharmacie docteur medecin toubib malade médical hôpital hopital"
        " clinique dentiste fièvre fievre pharmacien médicament medicament"
        " ordonnance paracétamol doliprane",
        "it": "medico farmacia dottore dottoressa ospedale febbre medicinali"
        " tachipirina paracetamolo",
    },
    # The caller's English and Russian concepts (`matching.CONCEPTS`) in the other languages.
    "late": {
        "ru": "продление продлевать",
        "de": "spät später länger laenger verlängern verlängert verlängerung spätcheckout",
        "es": "tardía tardío prolongar extender prorrogar alargar",
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
        "en": "pub bartender barman alcohol beer wine pint nightcap",
        "ru": "напитки напиток пиво вино алкоголь выпивка водка коньяк виски",
        "de": "bar getränke drinks cocktail cocktails lobbybar bier wein aperitif kneipe absacker",
        "es": "bar copa copas cóctel cerveza trago chupito vermut mojito",
        "fr": "bar boisson boissons cocktail apéro apero apéritif bière vin",
        "it": "bar bevande cocktail aperitivo birra vino spritz",
    },
    "food": {
        "en": "snack hungry takeaway takeout",
        "ru": "перекусить питание голодный голодные проголодались полупансион",
        "de": "essen speisen mahlzeit imbiss verpflegung halbpension vollpension hunger"
        " hungrig lieferdienst lieferando jause",
        "es": "alimentos snacks hambre glovo rappi",
        "fr": "manger repas nourriture bouffe faim grignoter plats encas deliveroo",
        "it": "cibo mangiare pasto spuntino fame",
    },
    "taxi": {
        "en": "lyft cabify",
        "ru": "таксист убер ситимобил",
        "de": "taxi taxistand taxiruf freenow mytaxi",
        "es": "taxi bolt didi vtc remis taxista radiotaxi",
        "fr": "taxi",
        "it": "taxi ncc",
    },
    "store": {
        "de": "aufbewahren aufbewahrung abstellen deponieren unterstellen einlagern"
        " zwischenlagern verwahren",
        "es": "guardar consigna custodia casillero",
        "fr": "garder déposer stocker deposer",
        "it": "custodire",
    },
    "iron": {  # Spanish: laundry's words, as ironing is a laundry service
        "en": "steamer",
        "ru": "гладильная отпариватель",
        "de": "bügeleisen bügelbrett",
        "fr": "repasser repassage fer",
        "it": "ferro stirare stiratura",
    },
    "pay": {
        "en": "paypal",
        "ru": "оплачивать оплачу платеж сбп предоплата",
        "de": "bezahlen zahlen zahlung überweisung vorkasse zahlungsart zahlungsmethode"
        " bezahlt restbetrag twint",
        "es": "pagar pago abonar cobro transferencia bizum",
        "fr": "payer paiement virement",
        "it": "pagare pagamento bonifico saldare satispay",
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
        "en": "smoker cigar shisha hookah ashtray cig ciggie ecig tobacco",
        "ru": "курящий курилка пепельница кальян айкос",
        "de": "rauchen raucher zigarette raucherzimmer raucherbereich nichtraucher"
        " rauchverbot raucherecke vapen ezigarette qualmen iqos zigarre",
        "es": "fumar cigarrillo fumador cigarro tabaco vapear vapeo cenicero",
        "fr": "fumer cigarette fumeur clope vapoter",
        "it": "fumare sigaretta fumatori fumo svapare",
    },
    "reception": {
        "en": "receptionist concierge",
        "ru": "администратор админ ресепшионист консьерж",
        "de": "rezeption empfang portier nachtportier rezeptionist rezeptionistin lobby",
        "es": "recepción conserje mostrador",
        "fr": "réception accueil réceptionniste",
        "it": "reception accoglienza portineria",
    },
    "phone": {
        "en": "telephone landline",
        "ru": "перезвонить созвониться тел телефончик",
        "de": "telefon anrufen telefonnummer handynummer rückruf zurückrufen hotline",
        "es": "teléfono llamar móvil celular marcar marco marque",
        "fr": "téléphone appeler",
        "it": "telefono chiamare cellulare telefonata",
    },
    "booking": {
        "en": "rebook",
        "ru": "забронировать резерв резервация букинг",
        "de": "buchung reservierung buchen reservieren gebucht reserviert"
        " buchungsnummer buchungsbestätigung umbuchen verfügbarkeit"
        " reservierungsnummer bestätigungsnummer",
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
        "en": "overnight",
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
    "jacuzzi": {
        "en": "jacuzzi whirlpool hottub",
        "ru": "джакузи гидромассаж гидромассажная купель чан",
        "de": "whirlwanne",
        "es": "jacuzzis jacuzi hidromasaje",
        "fr": "balnéo balneo",
        "it": "idromassaggio",
    },
    "bathroom": {
        "en": "bathroom shower bath bathtub toilet wc restroom washroom lavatory bidet"
        " flush tub loo ensuite drain toiletries shampoo",
        "ru": "душ душевая ванна туалет унитаз санузел биде раковина сортир засор"
        " засорился шампунь",
        "de": "dusche bad badezimmer badewanne toilette klo waschbecken verstopft"
        " abfluss spülung klopapier wasserdruck duschgel",
        "es": "ducha bañera baño váter wáter inodoro retrete aseo lavabo bidé tina"
        " regadera cisterna desagüe desague",
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
        "en": "kettle tea teabags nespresso capsules coffeemaker cafetiere coffee",
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
        "fr": "télé télévision téléviseur chaînes chaines télécommande telecommande",
        "it": "tivù televisione televisore telecomando telecomandi",
    },
    "hairdryer": {
        "en": "hairdryer hairdrier blowdryer",
        "ru": "фен",
        "de": "föhn fön haarföhn",
        "fr": "sèche-cheveux seche-cheveux séchoir",
        "it": "asciugacapelli phon fon fohn",
    },
    "key": {
        "en": "key keys keycard keyless fob lockbox keybox keysafe",
        "ru": "ключ ключик ключкарта картаключ ключница кейбокс",
        "de": "schlüssel schlüsselkarte zimmerkarte türcode schlüsselbox"
        " schlüsselkasten schlüsselsafe schlüsselübergabe"
        " zahlenschloss keybox",
        "es": "llave llavero cajetín cerradura",
        "fr": "clé clés clef cle badge digicode",
        "it": "chiave chiavi",
    },
    "lockout": {
        "en": "lockout",
        "de": "ausgesperrt",
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
        "en": "excursion tour sightseeing daytrip attractions explore sights hiking",
        "ru": "экскурсия экскурсионный экскурсовод достопримечательности съездить",
        "de": "ausflug führung stadtführung rundfahrt besichtigung tagesausflug"
        " sehenswürdigkeiten reiseleiter guide bootstour sehenswert tagestour"
        " stadtrundgang stadtrundfahrt",
        "es": "excursión tours guía turismo",
        "fr": "visiter circuit randonnée rando croisière balade incontournables",
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
        "en": "bus train metro subway tram tube station railway ferry ubahn sbahn",
        "ru": "автобус автобусная маршрутка поезд электричка трамвай троллейбус вокзал"
        " автовокзал станция остановка транспорт проездной",
        "de": "busse bushaltestelle haltestelle zug bahn bahnhof hauptbahnhof hbf ubahn"
        " sbahn straßenbahn öpnv nahverkehr verkehrsmittel fahrplan busbahnhof"
        " öffis",
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
    "wheelchair": {
        "en": "wheelchair disabled disability handicapped handicap ramp stepfree crutches",
        "ru": "инвалид инвалидная колясочник пандус маломобильных безбарьерный овз",
        "de": "rollstuhl rollstuhlgerecht rollstuhlfahrer barrierefrei behindert"
        " behindertengerecht rampe stufenlos gehbehindert rollator",
        "es": "accesibilidad discapacidad discapacitado minusválido rampa",
        "fr": "handicapé pmr accessibilité plain-pied",
        "it": "disabile disabili disabilità accessibilità",
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
        "ru": "потерял потеряшки пропажа находок забытые обронил выронил",
        "de": "fundsachen fundbüro verloren liegengelassen liegenlassen dagelassen"
        " liegengeblieben nachschicken zurückschicken",
        "es": "perdido olvidé extravié",
        "fr": "perdu perdus oublié oublie égaré",
        "it": "smarrito smarrita smarriti persa dimenticato dimenticata scordato",
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
        "en": "entertainment disco karaoke dj cabaret concert aquagym aquaerobics aquafit",
        "ru": "анимация аниматор дискотека диско минидиско шоу концерт развлечения"
        " развлекательная караоке диджей аквааэробика аквагимнастика",
        "de": "animation animationsprogramm animateur unterhaltung abendprogramm"
        " abendunterhaltung show livemusik diskothek tanzabend wassergymnastik aquagym"
        " aquafitness",
        "es": "animación espectáculo shows discoteca baile entretenimiento minidisco aquagym",
        "fr": "spectacle discothèque karaoké",
        "it": "animazione animatore animatori spettacolo spettacoli concerto concerti discoteca",
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
        " rettungswagen feueralarm rauchmelder notausgang notfallnummer notrufnummer",
        "es": "emergencia urgencia incendio fuego policía policia ambulancia bomberos"
        " socorro auxilio robo",
        "fr": "urgence incendie gendarmerie commissariat samu pompiers secours",
        "it": "emergenza emergenze polizia carabinieri ambulanza pompieri soccorso",
    },
    "printer": {
        "en": "printer print printout scanner photocopy computer pc",
        "ru": "принтер распечатать распечатка напечатать посадочный ксерокс сканер"
        " отсканировать компьютер комп",
        "de": "drucker ausdrucken bordkarte boardingpass kopieren computer rechner",
        "es": "impresora imprimir impresión fotocopia escáner ordenador computadora",
        "fr": "imprimante imprimer photocopie ordinateur",
        "it": "stampante stampare computer",
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
    "watersports": {
        "en": "kayak kayaks kayaking canoe canoeing paddleboard paddleboarding snorkel"
        " snorkeling snorkelling windsurf windsurfing surfing jetski pedalo",
        "ru": "каяк каяки байдарка сапборд сап снорклинг сноркелинг виндсерфинг серфинг гидроцикл",
        "de": "kajak kanu paddeln schnorcheln windsurfen surfen tretboot",
        "es": "kayak canoa snorkel esnórquel windsurf surf hidropedal",
        "fr": "kayak canoë snorkeling windsurf surf pédalo",
        "it": "kayak canoa snorkeling windsurf surf pedalò",
    },
    "visitors": {
        "en": "visitor visitors friend friends mates sleepover",
        "ru": "друзья друга друзей посетители",
        "de": "besuch besucher freunde freund",
        "es": "amigos amigo visitantes",
        "fr": "amis ami visiteurs",
        "it": "amici amico",
    },
    "adultsonly": {
        "en": "adultsonly adultonly kidfree childfree kidsfree",
        "de": "erwachsenenpool erwachsenenbereich",
    },
    "distance": {
        "en": "far distance",
        "ru": "далеко расстояние",
        "de": "weit entfernung entfernt",
        "es": "lejos distancia",
        "fr": "loin distance",
        "it": "lontano distanza",
    },
}

# Everyday phrases that mean a concept though none of their words does alone ("be out",
# "ins Zimmer"): concept → language → phrases (comma-separated). A phrase matches consecutive
# words of a message; a phrase word of four letters or more also matches a longer word it
# begins ("room" ~ "rooms").
PHRASES: Mapping[str, Mapping[str, str]] = {
    "checkout": {
        "en": "be out, get out, leave the room, room back, give back the room,"
        " hand the keys back, check out, checking out, hand in the keys,"
        " hand in the key, hand back the keys, hand back the key,"
        " give back the keys, give the keys back, return the keys, return the key,"
        " leave the keys, leave the key, drop off the keys, free up the room",
        "ru": "освободить номер, освобождать номер, сдать номер, сдать ключи,"
        " расчетный час, расчетное время, расчетного часа, сдать ключ, сдаем ключ,"
        " сдадим ключ, вернуть ключ, нужно уехать, надо уехать, выписаться из,"
        " sdat klyuchi",
        "de": "müssen wir raus, zimmer räumen, zimmer verlassen, wohnung verlassen,"
        " auschecken, muss ich raus, schlüssel abgeben, schlüssel zurückgeben,"
        " schlüssel einwerfen, zimmer abgeben, zimmer zurückgeben,"
        " zimmer freimachen, zimmer frei machen, wohnung abgeben, wohnung räumen",
        "es": "dejar la habitación, dejar el apartamento, salir de la habitación, dejar el piso,"
        " salir del piso,"
        " entregar las llaves, entregar la llave, devolver las llaves,"
        " devolver la llave, dejar las llaves, dejar la llave, dejar el cuarto,"
        " salir del cuarto, salir del apartamento, hora hay que salir,"
        " hora tenemos que salir, hora tengo que salir, hora hay que irse,"
        " hora nos tenemos que ir, dejar la habitacion, salir de la habitacion,"
        " dejar libre, liberar la habitación, liberar la habitacion,"
        " entregar la habitación, entregar la habitacion",
        "fr": "libérer la chambre, quitter la chambre, rendre la chambre,"
        " rendre les clés, rendre les clefs, quitter l'hôtel,"
        " quitter l'appartement, libérer l'appartement, liberer la chambre,"
        " quitter les lieux, libérer les lieux, liberer les lieux,"
        " rendre les cles, rendre la clé, laisser l'appartement, déposer les clés,"
        " deposer les cles, doit-on partir, doit on partir, quitter le logement",
        "it": "lasciare la camera, liberare la camera, lasciare l'appartamento,"
        " liberare l'appartamento, lasciare la stanza, liberare la stanza,"
        " riconsegnare le chiavi, restituire le chiavi, consegnare le chiavi,"
        " lasciare l'albergo, lasciare l'hotel, lasciare la struttura,"
        " lasciare la casa, liberare le camere, lasciare le camere,"
        " restituire la chiave, riconsegnare la chiave, dobbiamo andare via,"
        " uscire dalla camera, uscire dalla stanza, liberare la casa",
    },
    "checkin": {
        "en": "get into, get in, room ready, get the keys, get our keys, get the room,"
        " check in, checking in, room be ready, room will be ready, room is ready,"
        " apartment ready, apartment be ready, get the key, collect the keys,"
        " collect the key, pick up the keys, pick up the key, move in,"
        " access the room",
        "ru": "попасть в номер, заселиться, заехать в номер, получить ключи,"
        " номер готов, номер будет готов, номер уже готов, будет готов номер,"
        " комната готова, квартира готова, попасть в квартиру, въехать в номер,"
        " въехать в квартиру, получить ключ, забрать ключ, nomer gotov",
        "de": "ins zimmer, in die wohnung, zimmer fertig, zimmer bereit,"
        " schlüssel bekommen, wann können wir rein, können wir schon rein,"
        " kann ich schon rein, zimmer schon fertig, zimmer schon bereit,"
        " zimmer schon frei, zimmer beziehen, bekommen wir die schlüssel,"
        " bekommen wir den schlüssel, späte ankunft, spät ankommen,"
        " kommen erst spät, kommen wir in die wohnung, komme ich in die wohnung,"
        " kommen wir ins zimmer, komme ich ins zimmer, kommen wir rein, komme ich rein,"
        " reinkommen, hineinkommen",
        "es": "entrar a la habitación, entrar en la habitación, habitación lista,"
        " entramos, recoger las llaves, recoger la llave, entrar al cuarto,"
        " entrar al apartamento, habitacion lista, lista la habitación,"
        " lista la habitacion, habitación estará lista, habitacion estara lista,"
        " entrar a la habitacion, hora podemos entrar, hora se puede entrar,"
        " hora puedo entrar, cuándo podemos entrar, cuando podemos entrar,"
        " dan las llaves",
        "fr": "avoir la chambre, chambre prête, récupérer les clés, récupérer les clefs,"
        " entrer dans la chambre, accéder à la chambre, chambre prete,"
        " chambre est prête, chambre est prete, chambre sera prête,"
        " chambre sera prete, chambre sera disponible, chambre sera dispo,"
        " chambre sera libre, prendre possession, récupérer la clé,"
        " recuperer les cles, entrer dans l'appartement",
        "it": "camera pronta, entrare in camera, ritirare le chiavi, prendere le chiavi,"
        " entrare nell'appartamento, entrare in stanza, stanza pronta,"
        " camera sarà pronta, camera sara pronta, camera è pronta,"
        " pronta la camera, pronta la stanza, avere la camera, avere la stanza,"
        " salire in camera, accedere alla camera, ritirare la chiave,"
        " camera sarà libera",
    },
    "late": {
        "en": "stay longer, keep the room, stay in the room, stay until, stay till,"
        " stay a few more hours, stay a couple more hours, keep our room,"
        " keep my room, hold on to the room, hang on to the room,"
        " stay another night",
        "ru": "задержаться в номере, остаться подольше, задержаться до, задержимся до,"
        " задержаться в квартире, остаться в номере, побыть в номере,"
        " номер за собой, выехать вечером, остаться еще, еще одну ночь,"
        " еще на ночь, pozdniy vyezd, еще на одну ночь",
        "de": "länger bleiben, zimmer behalten, zimmer noch behalten,"
        " noch etwas bleiben, noch ein bisschen bleiben, noch bleiben,"
        " noch eine nacht, später auschecken, spät auschecken, später checkout,"
        " später check out, späten checkout, uhr behalten",
        "es": "quedarnos hasta, quedarme hasta, quedarse más, salir más tarde,"
        " salir mas tarde, quedarnos más, quedarme más, quedarnos mas,"
        " una noche más, una noche mas, noche extra, quedarnos un poco,"
        " quedarme un poco, quedarnos un rato, quedarme mas, quedarse mas,"
        " quedarnos con la habitación, quedarnos con la habitacion,"
        " dejar la habitación más tarde, dejar la habitacion mas tarde,"
        " salir un poco más tarde, salir un poco mas tarde, quedarnos otra noche",
        "fr": "rester plus longtemps, garder la chambre, rester dans la chambre,"
        " partir plus tard, quitter plus tard, libérer plus tard,"
        " liberer plus tard, rester plus tard, rester un peu plus,"
        " rester encore un peu, garder l'appartement, rester dans l'appartement,"
        " une nuit de plus, nuit supplémentaire, nuit supplementaire",
        "it": "restare più a lungo, tenere la camera, restare in camera,"
        " rimanere più a lungo, rimanere in camera, restare di più,"
        " restare di piu, rimanere di più, rimanere di piu, tenere la stanza,"
        " tenere le camere, uscire più tardi, uscire piu tardi, partire più tardi,"
        " partire piu tardi, una notte in più, una notte in piu",
    },
    "roomservice": {
        "en": "room service, in room dining, food to the room, food brought up,"
        " food up to the room, eat in the room, order food, eat in our room,"
        " eat in my room, dinner in the room, dinner in our room,"
        " breakfast in the room, breakfast in our room, breakfast in bed,"
        " food to our room, food to my room, meal in the room, order to the room",
        "ru": "еду в номер, еда в номер, еды в номер, обслуживание номеров, рум сервис,"
        " заказать в номер, заказ в номер, завтрак в номер, ужин в номер,"
        " обед в номер, поесть в номере, покушать в номере, поужинать в номере,"
        " позавтракать в номере, ужинать в номере, завтракать в номере,"
        " принесите еду, заказать еду, заказать поесть",
        "de": "essen aufs zimmer, essen aufs zimmer bestellen, essen ins zimmer bestellen,"
        " essen ins zimmer, frühstück aufs zimmer,"
        " frühstück ins zimmer, im zimmer essen, auf dem zimmer essen,"
        " im zimmer frühstücken, auf dem zimmer frühstücken,"
        " aufs zimmer bestellen, ins zimmer bestellen, getränke aufs zimmer,"
        " abendessen aufs zimmer",
        "es": "comida a la habitación, comer en la habitación, servicio de habitaciones,"
        " servicio a la habitación, servicio al cuarto, servicio de cuarto,"
        " comida al cuarto, pedir comida, cenar en la habitación,"
        " desayuno en la habitación, desayuno en la habitacion,"
        " desayunar en la habitación, desayunar en la habitacion,"
        " comer en la habitacion, cenar en la habitacion, comida a la habitacion,"
        " comer en el cuarto, desayuno en el cuarto, subir la comida,"
        " subir la cena, subir el desayuno",
        "fr": "repas en chambre, service en chambre, service d'étage,"
        " manger dans la chambre, plateau repas, manger en chambre,"
        " dîner en chambre, diner en chambre, dîner dans la chambre,"
        " diner dans la chambre, déjeuner en chambre, dejeuner en chambre,"
        " monter à manger, apporter à manger, commander en chambre,"
        " servi en chambre, livré en chambre",
        "it": "cibo in camera, servizio in camera, colazione in camera, cena in camera,"
        " mangiare in camera, portare in camera, cenare in camera,"
        " pranzare in camera, pranzo in camera, mangiare in stanza,"
        " cena in stanza, colazione in stanza, portare da mangiare,"
        " portarci da mangiare, ordinare in camera, servito in camera,"
        " servita in camera, portata in camera",
    },
    "noise": {
        "en": "make noise, quiet hours, kept us awake, keeping us awake, kept me awake,"
        " keeping me awake, woke us up, woke me up, thin walls, hear everything,"
        " hear the neighbours, hear the neighbors, people next door",
        "ru": "можно шуметь, тихий час, громкая музыка, соседи шумят, шумят соседи,"
        " соседи орут, орут соседи, громкие соседи, музыка орет, орет музыка,"
        " хорошая слышимость, слышно соседей, все слышно",
        "de": "laut sein, von nebenan, party machen, bis wann musik, kein auge zugetan,"
        " kein auge zugemacht",
        "es": "hacer ruido, música alta, musica alta, música muy alta, musica muy alta,"
        " música fuerte, musica fuerte, se oye todo, se escucha todo,"
        " se oye mucho, se escucha mucho, tapones para los oídos,"
        " tapones para los oidos",
        "fr": "entend tout, entends tout, les voisins, voisins de chambre,"
        " dormir tranquille, musique trop fort, musique fort, boules quiès,"
        " boules quies, bouchons d'oreille",
        "it": "si sente tutto, sentiamo tutto, vicini di camera, vicini di stanza,"
        " musica troppo alta, fanno casino, troppo casino, c'è casino,"
        " tappi per le orecchie, tappi per orecchie, dormire tranquilli",
    },
    "parking": {
        "en": "leave the car, put the car, car park, leave my car, leave our car,"
        " put my car, put our car, space for the car, space for my car,"
        " spot for the car, bring the car, bring our car, come by car,"
        " coming by car, arrive by car",
        "ru": "оставить машину, поставить машину, поставить авто, поставить тачку,"
        " оставить авто, оставить тачку, поставим машину, оставим машину,"
        " машину поставить, машину оставить, место для машины, ostavit mashinu,"
        " место под машину",
        "de": "auto abstellen, wagen abstellen, auto lassen, auto stehen lassen,"
        " wagen stehen lassen, auto hinstellen, wagen hinstellen,"
        " auto unterstellen, wohin mit dem auto, wohin mit dem wagen,"
        " wohnmobil abstellen, motorrad abstellen",
        "es": "dejar el coche, dejar el carro, dejar el auto, estacionar el auto,"
        " estacionar el carro, estacionar el coche, para estacionar,"
        " donde estacionar, dónde estacionar, puedo estacionar,"
        " podemos estacionar, donde estaciono, dónde estaciono, dejamos el coche,"
        " dejo el coche",
        "fr": "laisser la voiture, laisser ma voiture, laisser notre voiture,"
        " laisser la bagnole, laisser la moto, laisser le véhicule,"
        " mettre la voiture, mettre ma voiture, mettre notre voiture,"
        " mettre la moto, place pour la voiture, place pour ma voiture,"
        " zone bleue",
        "it": "lasciare la macchina, parcheggio coperto, posto auto, lasciare l'auto,"
        " lasciare la moto, lasciare il camper, lasciare la vettura,"
        " lasciare il motorino, mettere la macchina, mettere l'auto,"
        " mettere la moto, posti auto, strisce blu",
    },
    "laundry": {
        "en": "dry cleaning, dirty clothes, clean clothes, wet clothes, drying rack,"
        " clothes line, tumble dryer, tumble drier, dry my clothes, dry our clothes,"
        " dry clean, dry cleaned, dry cleaner",
        "ru": "сдать в стирку, посушить вещи, высушить вещи, сушить вещи,"
        " высушить одежду, помыть вещи, грязные вещи, грязную одежду,"
        " грязной одежды",
        "de": "chemische reinigung, kleidung reinigen, klamotten reinigen,"
        " anzug reinigen, hemd reinigen, hemden reinigen, kleidung trocknen,"
        " klamotten trocknen, sachen trocknen, nasse sachen, chemisch reinigen",
        "es": "limpieza en seco, ropa sucia, hacer la colada, limpieza en seco",
        "fr": "machine à laver, laver le linge, laver mes vêtements,"
        " laver nos vêtements, laver des vêtements, nettoyage à sec, séchoir à linge,"
        " faire une machine, tourner une machine, laver nos affaires, laver mes affaires,"
        " laver du linge, laver mon linge, linge sale, sécher le linge, secher le linge,"
        " étendre le linge, etendre le linge, laver nos vetements, nettoyage à sec",
        "it": "lavare i vestiti, lavare i panni, lavaggio a secco, lavare la roba,"
        " lavare i nostri vestiti, lavare dei vestiti, lavare qualche capo,"
        " stendere i panni, stendere la roba, asciugare i vestiti, asciugare i panni,"
        " panni sporchi, vestiti sporchi, roba sporca, lavaggio vestiti,"
        " lavaggio a secco",
    },
    "rubbish": {
        "en": "glass bottles, empty bottles, throw away, throw out, throwing away,"
        " throwing out, thrown away, dispose of, chuck away, chuck out",
        "ru": "стеклянные бутылки, пустые бутылки, куда выбросить, куда выкинуть,"
        " где выбросить, где выкинуть, куда выкидывать, куда выбрасывать,"
        " раздельный сбор, раздельного сбора, выбросить пакет, выкинуть пакет",
        "de": "leere flaschen, gelber sack, gelbe tonne, flaschen wegbringen",
        "es": "botellas de vidrio, tirar las botellas, tirar el vidrio,"
        " tirar los envases, dónde tiro, donde tiro, dónde se tira, donde se tira",
        "fr": "tri sélectif, où jeter, ou jeter, jette où, jette ou,"
        " jeter les bouteilles, jeter le verre, bouteilles vides,"
        " jeter les emballages",
        "it": "raccolta differenziata, dove buttare, dove butto, dove si butta,"
        " buttare via, buttare le bottiglie, buttare il vetro, bottiglie vuote,"
        " vetro e plastica, carta e plastica, gettare via",
    },
    "store": {
        "en": "left luggage, leave our bags, leave our luggage, leave the bags,"
        " leave the luggage, leave my bags, leave my luggage, drop our bags,"
        " drop off our bags, drop off the bags, drop off our luggage,"
        " leave our stuff",
        "ru": "камера хранения, камеру хранения, камере хранения, камеры хранения,"
        " ostavit veshi, ostavit bagazh",
        "es": "dejar las maletas, dejar la maleta, dejar el equipaje,"
        " dejar las mochilas, guardar las maletas, guardar el equipaje,"
        " dejar los bolsos, dejar nuestras cosas",
        "fr": "laisser les bagages, laisser nos bagages, laisser mes bagages,"
        " laisser les valises, laisser nos valises, laisser mes valises,"
        " laisser nos affaires, laisser nos sacs",
        "it": "lasciare i bagagli, lasciare le valigie, lasciare le borse,"
        " lasciare lo zaino, lasciare le nostre borse",
    },
    "transfer": {
        "en": "pick us up, pick me up, give us a lift, give me a lift, collect us,"
        " collect me, come get us, come and get us, meet us at the airport,"
        " drive us to, drive me to, lift to the airport, lift from the airport,"
        " send a car",
        "ru": "встретить в аэропорту, встреча в аэропорту, забрать из аэропорта,"
        " отвезти в аэропорт, забрать нас, заберете нас, заберите нас,"
        " нас заберут, отвезти нас, отвезете нас, довезти нас, довезете нас,"
        " подвезти до, встретить на вокзале, забрать с вокзала,"
        " vstretit v aeroportu",
        "de": "holt ihr uns ab, holt uns jemand ab, holen sie uns ab, holen sie mich ab,"
        " abgeholt werden, zum flughafen bringen, vom flughafen holen,"
        " zum bahnhof bringen, uns hinbringen, uns fahren",
        "es": "recogernos en, recogerme en, nos recojan, me recojan, venir a buscarnos,"
        " venir a recogernos, pasar a buscarnos, pasar a recogernos,"
        " vengan a buscarnos, llevarnos al aeropuerto, llevarme al aeropuerto,"
        " nos lleve al aeropuerto",
        "fr": "venir nous chercher, venir me chercher, nous chercher à,"
        " venez nous chercher, venez me chercher, passer nous prendre,"
        " passer nous chercher, passer me chercher, venir nous prendre,"
        " nous récupérer, nous recuperer, nous conduire à, nous conduire a,"
        " nous déposer à, nous ramener à",
        "it": "venire a prenderci, venirci a prendere, venire a prendermi,"
        " venirmi a prendere, passare a prenderci, venite a prenderci,"
        " venite a prendermi, ci venite a prendere, passare a prendermi,"
        " passate a prenderci, prenderci in aeroporto, prenderci all'aeroporto,"
        " prenderci alla stazione, portarci in aeroporto, portarci all'aeroporto,"
        " accompagnarci in aeroporto, accompagnarci all'aeroporto",
    },
    "car": {
        "en": "gas station, petrol station, fuel station, filling station",
    },
    "charging": {
        "en": "charging station, charge my car, charge the car, charge our car,"
        " charge point, charging point, plug in my car, plug in the car,"
        " plug in our car, charge up the car, charge up my car",
        "ru": "зарядить машину, зарядить авто, зарядить тачку, подзарядить машину,"
        " зарядная станция, зарядной станции, зарядные станции,"
        " зарядка для машины, зарядку для машины",
        "de": "auto aufladen, auto laden, wagen laden, strom fürs auto, elektro auto",
        "es": "punto de recarga, cargar el coche, cargar el carro, cargar el auto,"
        " coche eléctrico, auto eléctrico, carro eléctrico, enchufar el coche,"
        " enchufar el carro, enchufar el auto, cargar mi coche, cargar mi carro,"
        " cargar mi auto, cargar el vehículo, cargar el vehiculo, coche electrico,"
        " carro electrico, auto electrico, punto de carga",
        "fr": "borne de recharge, recharger la voiture, recharger ma voiture,"
        " voiture électrique, véhicule électrique, recharger notre voiture,"
        " brancher la voiture, brancher ma voiture, brancher notre voiture,"
        " prise pour la voiture, point de recharge, recharge électrique,"
        " recharge electrique, voiture electrique, vehicule electrique",
        "it": "auto elettrica, macchina elettrica, ricaricare l'auto,"
        " ricaricare la macchina, ricarica auto, ricaricare la vettura,"
        " punto di ricarica, punti di ricarica, ricarica elettrica",
    },
    "address": {
        "en": "find the hotel, find you, get to the hotel, get to you,"
        " where exactly are you, how far are you, how far is the hotel,"
        " how far is your hotel, how far is it from, are you near,"
        " are you close to, are you far from, google maps, drop a pin,"
        " drop me a pin, far from you, far from the hotel",
        "ru": "как вас найти, где вас искать, как к вам пройти, как к вам попасть,"
        " где именно вы, далеко от центра, сколько до центра, скиньте точку,"
        " на какой улице, в каком районе, kak vas nayti, kak do vas dobratsya,"
        " далеко от вас, далеко до вас, далеко до отеля, далеко от отеля",
        "de": "wo seid ihr, wo genau seid ihr, wo befindet ihr euch, wie finde ich euch,"
        " wie finden wir euch, wie komm ich zu euch, wie kommen wir zu euch,"
        " wie kommt man zu euch, wie komme ich zu ihnen, wo liegt das hotel,"
        " wo ist das hotel, weit von euch, weit zu euch, weit zum hotel, weit vom hotel",
        "es": "cómo llegar, como llegar, cómo llego, como llego, cómo llegamos,"
        " como llegamos, cómo se llega, como se llega, dónde estáis, donde estais,"
        " dónde están ubicados, donde estan ubicados, a qué distancia,"
        " a que distancia, qué tan lejos, que tan lejos, en qué calle,"
        " en que calle, la localización, la localizacion, lejos el hotel,"
        " lejos del hotel, lejos de ustedes",
        "fr": "comment venir, comment vous trouver, comment vous rejoindre,"
        " comment arriver chez vous, où êtes vous, où êtes-vous, ou etes vous,"
        " vous êtes où, vous etes ou, où se trouve l'hôtel, ou se trouve l'hotel,"
        " c'est loin",
        "it": "come arrivare, come raggiungervi, come vi raggiungo,"
        " indicazioni stradali, come trovarvi, come vi trovo, dove siete,"
        " dove vi trovate, dove si trova l'hotel, dove si trova l'albergo,"
        " quanto distate, quanto dista, quanto è lontano, come si arriva,"
        " come ci si arriva, siete lontani",
    },
    "cleaning": {
        "en": "do not disturb, make up the room, make up my room, make up our room,"
        " make the bed, make the beds, make our bed, make our beds,"
        " service the room, service our room, service my room",
        "ru": "поменять постель, сменить постель, заменить постель, навести порядок,"
        " помыть пол, помыть полы, вымыть пол, вымыть полы, протереть пыль,"
        " не беспокоить",
        "de": "zimmer machen, zimmer gemacht, zimmer nicht gemacht, bett machen,"
        " betten machen, bett beziehen, betten beziehen, bett neu beziehen,"
        " zimmer aufgeräumt, bitte nicht stören, nicht gestört werden",
        "es": "ropa de cama, hacer la habitación, arreglar la habitación,"
        " hacer el cuarto, arreglar el cuarto, hacer la habitacion,"
        " arreglar la habitacion, ordenar la habitación, ordenar la habitacion,"
        " hacer la cama, hacer las camas, tender la cama, camarera de piso,"
        " no molestar, no nos molesten",
        "fr": "linge de lit, faire la chambre, femme de ménage, refaire la chambre,"
        " refaire le lit, refaire les lits, ranger la chambre, chambre pas faite,"
        " chambre n'a pas été faite, chambre n'a pas ete faite, femme de chambre",
        "it": "rifare il letto, rifare la camera, cambio biancheria, rifare la stanza,"
        " rifare i letti, sistemare la camera, sistemare la stanza,"
        " camera non rifatta, stanza non rifatta, camera non è stata rifatta,"
        " camera non e stata rifatta, riordinare la camera",
    },
    "aircon": {
        "en": "air con, air conditioner, air conditioning, a c, room is hot,"
        " room is too hot, room is so hot, room is boiling, room too hot,"
        " hot in the room, hot in here, boiling in here, cool the room,"
        " cool down the room",
        "ru": "жарко в номере, в номере жарко, жарко в комнате, в комнате жарко,"
        " жарко в квартире, в квартире жарко, нечем дышать, сплит система",
        "de": "warm im zimmer, heiß im zimmer, warm in der wohnung, heiß in der wohnung,"
        " zimmer ist zu warm, zimmer ist zu heiß, zimmer ist heiß, kühler stellen,"
        " kühler machen, zimmer kühlen",
        "es": "tengo calor, tenemos calor, pasando calor, pasamos calor,"
        " bajar la temperatura, prender el clima, encender el clima,"
        " apagar el clima, poner el clima",
        "fr": "ai chaud, avons chaud, a chaud, on étouffe, on etouffe, crève de chaud,"
        " creve de chaud, meurt de chaud, chaud dans la chambre,"
        " chaud dans l'appartement, rafraîchir la chambre, rafraichir la chambre",
        "it": "aria condizionata, ho caldo, abbiamo caldo, caldo in camera,"
        " caldo in stanza, si soffoca, muore di caldo, muore dal caldo,"
        " moriamo di caldo, rinfrescare la camera, rinfrescare la stanza",
    },
    "restaurant": {
        "en": "afternoon tea, high tea, places to eat, place to eat, where to eat,"
        " book a table, reserve a table, table for two, table for 2, grab a bite,"
        " bite to eat, eat out, eating out, go out to eat, somewhere to eat,"
        " where can we eat, local cuisine, evening meal, packed lunch, lunch box",
        "ru": "где поесть, где покушать, где можно поесть, где можно покушать,"
        " сходить поесть, вкусно поесть, вкусно покушать, забронировать стол,"
        " заказать стол, зарезервировать стол, поесть в городе",
        "de": "tisch reservieren, tisch buchen, tisch bestellen, essen gehen,"
        " auswärts essen, gut essen, lecker essen, happen essen,"
        " essen in der nähe, tisch für zwei, tisch für 2, tisch für heute,"
        " zu abend essen, abends essen, zu mittag essen, mittags essen, mittag was essen,"
        " mittag essen",
        "es": "reservar mesa, reservar una mesa, mesa para",
        "fr": "réserver une table, reserver une table, une table pour, où manger,"
        " ou manger, manger dehors, sortir manger, aller manger,"
        " manger un morceau, manger un bout, bien manger, dîner dehors,"
        " repas du soir, repas du midi, repas de midi, pause déjeuner",
        "it": "prenotare un tavolo, prenotare il tavolo, riservare un tavolo,"
        " un tavolo per, dove mangiare, mangiare fuori, andare a mangiare,"
        " mangiare bene, mangiare un boccone, uscire a cena, cenare fuori",
    },
    "bar": {
        "en": "happy hour",
        "ru": "пропустить стаканчик, пропустить по бокалу, барная карта, барное меню,"
        " винная карта, винную карту, барная стойка",
        "de": "etwas trinken, einen trinken, einen heben, auf einen drink,"
        " was trinken gehen, was trinken kann",
        "es": "tomar algo, tomarnos algo, tomar un vino, una caña, unas cañas,"
        " algo de beber, algo para beber",
        "fr": "boire un verre, boire un coup, prendre un verre, prendre un pot,"
        " un dernier verre, boire quelque chose",
        "it": "bere qualcosa, bere un bicchiere, bere un bicchierino, bere un goccio,"
        " prendere un drink, bere un drink, un ultimo drink",
    },
    "towel": {
        "en": "bath towel, bath sheet, bath robe, dressing gown",
        "ru": "чем вытереться, нечем вытереться, вытереться нечем, чем вытираться",
        "de": "zum abtrocknen",
        "fr": "drap de bain, draps de bain, serviette de plage, serviette de piscine,"
        " serviette pour la piscine, serviette de bain, changer les serviettes,"
        " de quoi s'essuyer",
        "it": "telo mare, teli mare, telo da mare, teli da mare, telo piscina,"
        " teli piscina, telo per la piscina, teli per la piscina, telo spiaggia,"
        " teli spiaggia, telo da spiaggia, teli da spiaggia, cambio asciugamani,"
        " cambiare gli asciugamani",
    },
    "deposit": {
        "en": "hold on my card, hold on the card, blocked on my card, blocked amount,"
        " amount blocked, hold on my credit card, pre authorization,"
        " pre authorisation, security hold, release the hold, amount held,"
        " blocked on the card, blocked on my credit card, frozen on my card,"
        " money frozen, funds blocked",
        "ru": "гарантийный платеж, гарантийная сумма, гарантийный взнос,"
        " страховой взнос, удержали деньги",
        "de": "betrag blockiert, geld blockiert, betrag reserviert, geld reserviert,"
        " betrag gesperrt, auf der karte blockiert, karte hinterlegen,"
        " kreditkarte hinterlegen, sicherheit hinterlegen, betrag freigegeben,"
        " geld freigegeben, wieder freigegeben",
        "es": "importe bloqueado, importe retenido, dinero bloqueado, dinero retenido,"
        " monto retenido, monto bloqueado, bloqueado en la tarjeta,"
        " bloqueado en mi tarjeta, retenido en la tarjeta, retenido en mi tarjeta,"
        " me han retenido, me han bloqueado",
        "fr": "empreinte bancaire, empreinte de carte, montant bloqué, montant bloque,"
        " somme bloquée, somme bloquee, bloqué sur ma carte, bloque sur ma carte,"
        " bloqué sur la carte, argent bloqué, pré autorisation, pre autorisation,"
        " dépôt de garantie, depot de garantie",
        "it": "importo bloccato, somma bloccata, soldi bloccati, bloccato sulla carta,"
        " bloccati sulla carta, bloccata sulla carta, blocco sulla carta,"
        " trattenuta sulla carta, pre autorizzazione",
    },
    "free": {
        "en": "no extra charge, at no cost, no extra cost, without charge, on the house,"
        " costs nothing, don't have to pay, at no charge, no charge for",
        "ru": "без доплаты, без дополнительной оплаты, не нужно платить, не надо платить",
        "de": "ohne aufpreis, ohne zusatzkosten, ohne extra kosten, ohne extrakosten,"
        " ohne kosten, kostet nichts, kostet das nichts, im preis enthalten,"
        " im preis drin, im preis dabei",
        "es": "sin coste, sin costo, sin cargo, entra en el precio, no hay que pagar,"
        " no se paga, sin pagar nada",
        "fr": "sans frais, sans supplément, sans supplement, rien à payer, rien a payer,"
        " pas payant",
        "it": "senza costi, senza costo, senza supplemento, non si paga, niente da pagare",
    },
    "doctor": {
        "en": "first aid, not feeling well, don't feel well, feeling poorly,"
        " food poisoning, allergic reaction, twisted my ankle, sprained my,"
        " cut myself, hurt my, stung by",
        "ru": "плохо себя чувствую, плохо себя чувствует, себя плохо чувствую,"
        " стало плохо, плохо стало, поднялась температура, температура поднялась,"
        " высокая температура",
        "de": "geht es nicht gut, gehts nicht gut, fühle mich nicht gut,"
        " fühle mich nicht wohl, fühlt sich nicht gut",
        "es": "centro de salud, centro médico, me encuentro mal, nos encontramos mal,"
        " estoy malo, estoy mala, me he puesto malo, me he puesto mala, me duele,"
        " dolor de muelas",
        "fr": "mal à la tête, mal a la tete, mal au ventre, mal aux dents,"
        " mal à la gorge, mal a la gorge, sens pas bien, sent pas bien,"
        " me sens mal, rage de dents",
        "it": "guardia medica, visita medica, mal di testa, mal di pancia,"
        " mal di stomaco, mal di denti, mal di gola, sto male, mi sento male,"
        " non mi sento bene",
    },
    "spa": {
        "en": "beauty salon, beauty treatment, nail salon, body scrub, body wrap,"
        " hot stone, nails done, hair done, steam room, steam bath, turkish bath,"
        " back rub, deep tissue, foot rub",
        "ru": "салон красоты, салоне красоты, уход за лицом, уход за телом, сделать ногти",
        "de": "verwöhnen lassen, nägel machen, behandlung buchen, türkisches bad",
        "es": "circuito de aguas, circuito de spa, zona de aguas, limpieza facial,"
        " tratamiento facial, tratamiento de belleza, hacerme las uñas,"
        " hacer las uñas, baño turco, baño de vapor",
        "fr": "faire masser, faire un soin, soin du visage, espace bien être,"
        " espace bien etre, institut de beauté, institut de beaute, bain turc,"
        " bain de vapeur",
        "it": "trattamento viso, trattamenti viso, trattamento estetico,"
        " trattamenti estetici, centro estetico, fare un trattamento, bagno turco,"
        " bagno di vapore",
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
        "en": "prime video, amazon prime, disney plus, watch a movie, watch movies,"
        " watch a film, watch films, watch the game, watch the match,"
        " watch football, cast my phone, screen mirroring, mirror my phone",
        "ru": "посмотреть фильм, посмотреть кино, смотреть кино, смотреть фильм",
        "de": "filme schauen, film schauen, serien schauen, filme gucken, film gucken,"
        " serien gucken, deutsche sender, deutsche programme",
        "es": "mando a distancia, control remoto, smart tv, ver películas,"
        " ver peliculas, ver pelis, ver una peli, ver una película,"
        " ver una pelicula, ver series",
        "fr": "regarder un film, regarder des films, regarder le match, regarder le foot",
        "it": "guardare un film, guardare la partita, vedere la partita, vedere un film",
    },
    "hairdryer": {
        "en": "hair dryer, hair drier, blow dryer, blow drier, dry my hair, blow dry",
        "es": "secador de pelo, secador de cabello, secadora de pelo, secadora de cabello",
        "fr": "sèche cheveux, seche cheveux",
    },
    "key": {
        "en": "key card, room card, door code, entry code, gate code, access code, open the"
        " door, unlock the door, lock the door",
        "ru": "код от двери, код двери, код на двери, код замка, код от замка, код домофона,"
        " код от подъезда, карта от номера, карту от номера, карточка от номера, карточку от"
        " номера, как открыть дверь, как открыть двери",
        "de": "code für die tür, code für die haustür, code für den eingang, code fürs tor,"
        " tür code",
        "es": "tarjeta de la habitación, tarjeta de acceso, tarjeta llave, tarjeta de la"
        " puerta, código de la puerta, código de acceso, código de entrada, código del portal,"
        " caja de llaves, abrir la puerta, caja de las llaves",
        "fr": "carte clé, carte magnétique, code de la porte, code porte, code d'accès, code"
        " de l'immeuble, boîte à clés, boite à clés, boîte à clefs, boite à clefs, ouvrir la"
        " porte, ouvre la porte, code du portail, code portail, code d'entrée, code d'entree,"
        " code de l'entrée",
        "it": "codice porta, codice della porta, codice del portone, codice d'accesso, codice"
        " di accesso, codice d'ingresso, tessera magnetica, scheda magnetica, cassetta delle"
        " chiavi, cassetta chiavi, aprire la porta, apro la porta, codice del cancello, codice"
        " cancello, codice citofono, codice del citofono",
    },
    "lockout": {
        "en": "locked out, locked myself out, locked ourselves out, door won't open, door"
        " doesn't open, door is locked, keys inside, key inside, keys are inside, key is inside,"
        " door slammed shut, door just slammed shut, stuck outside,"
        " standing outside, cant get in, cannot get in",
        "ru": "не могу открыть дверь, не можем открыть дверь, дверь не открывается, не"
        " открывается дверь, дверь захлопнулась, захлопнулась дверь, ключи внутри, ключ"
        " внутри, стоим на улице, не можем попасть, не могу попасть, захлопнули дверь, захлопнул"
        " дверь, захлопнула дверь, захлопнем дверь, ключи останутся внутри, ключи остались внутри",
        "de": "tür geht nicht auf, tür geht nicht, tür nicht auf, komme nicht rein, kommen"
        " nicht rein, schlüssel drinnen, schlüssel drin, tür ist zugefallen, stehen draußen,"
        " stehen vor der tür",
        "es": "no abre la puerta, no se abre la puerta, puerta no abre, puerta no se abre,"
        " tarjeta no abre, nos hemos quedado fuera, me he quedado fuera, me quedé fuera, me"
        " quede fuera, llaves dentro, llave dentro, me he dejado las llaves dentro, me dejé las"
        " llaves dentro, no podemos entrar, no puedo entrar",
        "fr": "porte bloquée, porte bloquee, enfermé dehors, enferme dehors, porte ne s'ouvre"
        " pas, clés à l'intérieur, clés dedans, on ne peut pas entrer",
        "it": "chiuso fuori, chiusi fuori, chiusa fuori, porta bloccata, porta non si apre,"
        " non si apre la porta, chiavi dentro, non riusciamo a entrare, non riesco a"
        " entrare",
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
        " what to see, whats there to do, anything to do, worth a visit, must see,"
        " day out, see the sights, explore the area, explore the city,"
        " what to do around, what to do nearby, what to do in town",
        "ru": "морская прогулка, морские прогулки, что посмотреть, что интересного,"
        " что стоит посмотреть, что стоит посетить, что можно посмотреть,"
        " что посетить, куда съездить, интересные места, интересных мест,"
        " покататься на лодке, покататься на катере, прогулка на катере,"
        " прогулка на яхте",
        "de": "was unternehmen, kann man unternehmen, was kann man hier machen,"
        " was man hier machen kann, was ansehen, was anschauen, was besichtigen,"
        " zu sehen gibt, lohnt sich ein besuch, muss man gesehen haben",
        "es": "visita guiada, qué visitar, que visitar, lugares de interés,"
        " sitios de interés, lugares turísticos, sitios turísticos, qué ver en,"
        " que ver en, qué hacer en la zona, que hacer en la zona, cosas que hacer,"
        " cosas para hacer, lugares para visitar, sitios para visitar,"
        " vale la pena visitar, merece la pena visitar, paseo en barco",
        "fr": "visite guidée, visites guidées, que visiter, quoi visiter, à visiter,"
        " que voir, quoi voir, à faire dans, a faire dans, à faire autour,"
        " a faire autour, quoi faire dans, que faire dans, endroits sympas,"
        " coins sympas, sortie en bateau, tour en bateau",
        "it": "visita guidata, visite guidate, cosa visitare, da visitare,"
        " guida turistica, tour guidato, tour guidati, cosa vedere, da vedere,"
        " cosa fare in zona, cosa fare nei dintorni, da fare in zona,"
        " da fare nei dintorni, cosa c'è da fare, cosa ce da fare, giro in barca,"
        " posti carini, da non perdere",
    },
    "diet": {
        "en": "special diet, food allergy, food allergies, gluten free, dairy free,"
        " lactose free, nut free, plant based",
        "de": "ohne fleisch, kein fleisch, kein schweinefleisch",
    },
    "transport": {
        "en": "public transport, public transportation, bus stop, train station,"
        " metro station, subway station, tram stop, get around, getting around,"
        " get to town, get to the centre, get to the center, public transit,"
        " travel card, metro card, transit card, into town",
        "ru": "метро, общественный транспорт, на чем доехать, на чем добраться,"
        " на чем лучше доехать, на чем лучше добраться",
        "de": "öffentliche verkehrsmittel, öffentlichen verkehrsmitteln,"
        " öffentlicher nahverkehr, ohne auto, in die stadt kommen,"
        " in die stadt fahren, ins zentrum kommen, ins zentrum fahren,"
        " in die innenstadt kommen, in die innenstadt fahren",
        "es": "parada de autobús, parada del autobús, parada de bus, parada del bus,"
        " parada de metro, parada de tren, transporte público, ir al centro,"
        " llegar al centro, bajar al centro, moverse por la ciudad,"
        " movernos por la ciudad, cómo moverse, como moverse, el colectivo,"
        " tomar el colectivo",
        "fr": "transports en commun, transport en commun, arrêt de bus, sans voiture,"
        " se déplacer, se deplacer, nous déplacer, nous deplacer, aller en ville,"
        " aller au centre, aller dans le centre, rejoindre le centre,"
        " transport public",
        "it": "mezzi pubblici, trasporto pubblico, trasporti pubblici,"
        " fermata dell'autobus, fermata del bus, fermata della metro,"
        " senza macchina, senza auto, come muoversi, come spostarsi,"
        " muoversi in città, muoversi in citta, andare in centro,"
        " raggiungere il centro",
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
    "wheelchair": {
        "en": "step free, reduced mobility, limited mobility, disabled access,"
        " accessible room, accessible bathroom, accessible entrance,"
        " mobility scooter, mobility issues, mobility problems, walking stick,"
        " walking frame",
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
    "jacuzzi": {
        "en": "hot tub, spa bath, whirlpool bath",
        "es": "bañera de hidromasaje, tina de hidromasaje, tina caliente",
        "fr": "bain à remous, bain bouillonnant, baignoire balnéo",
        "it": "vasca idromassaggio",
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
        " gift voucher, best rate, best price, any deals, better deal,"
        " better price, better rate, returning guest",
        "es": "código de descuento, código promo, tarjeta regalo, cheque regalo",
        "fr": "code promo, code promotionnel, bon de réduction, offre spéciale,"
        " geste commercial, prix réduit, tarif réduit",
        "it": "codice sconto, codice promozionale, codice promo, buono sconto,"
        " prezzo scontato, tariffa scontata",
    },
    "refund": {
        "en": "money back, my money back, charged twice, double charged",
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
        " forgotten my, forgot something, forgot our, did you find my,"
        " did anyone find, has anyone found, anyone found a, left in the room,"
        " left it in the room, left them in the room, left it behind",
        "ru": "бюро находок, забыл в номере, забыла в номере, забыли в номере,"
        " оставил в номере, оставила в номере, оставили в номере, забыл вещи,"
        " забыла вещи, забыли вещи, оставил вещи, оставила вещи, оставили вещи,"
        " забыл у вас, забыла у вас, забыли у вас, оставил у вас, оставила у вас,"
        " оставили у вас, забыл зарядку, забыла зарядку, забыли зарядку,"
        " оставил зарядку, оставила зарядку, оставили зарядку, забыл телефон,"
        " забыла телефон, забыли телефон",
        "de": "liegen gelassen, liegen lassen, was gefunden, etwas gefunden,"
        " im zimmer gelassen, in der wohnung gelassen",
        "es": "objetos perdidos, objetos olvidados, me dejé, nos dejamos, me he dejado,"
        " nos hemos dejado, se me olvidó, se nos olvidó, se me quedó,"
        " se nos quedó, me deje, se me quedo, se nos quedo",
        "fr": "objets trouvés, objet trouvé, objets perdus, objets oubliés,"
        " oublié dans la chambre, laissé dans la chambre, avez retrouvé,"
        " avez retrouve, retrouve plus, laissé dans l'appartement,"
        " laisse dans la chambre, oublié dans l'appartement",
        "it": "oggetti smarriti, oggetti dimenticati, lasciato in camera,"
        " dimenticato in camera, avete ritrovato, non trovo più, non trovo piu,"
        " non ritrovo, lasciato in stanza, dimenticato in stanza,"
        " dimenticata in camera, lasciata in camera, lasciati in camera,"
        " dimenticati in camera",
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
        "en": "whats on tonight, anything fun, something fun,"
        " live music, live band, live show, evening show, night show,"
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
        "en": "eat in the morning, food in the morning, coffee in the morning,"
        " morning coffee, first coffee, morning meal",
        "ru": "шведский стол, шведского стола, шведском столе, поесть утром,"
        " покушать утром, поесть с утра, покушать с утра, утром поесть,"
        " утром покушать, утром можно поесть, утром кормят, кормят утром,"
        " перекусить утром, утренний кофе",
        "de": "morgens essen, morgens was essen, morgens etwas essen,"
        " morgens was zu essen, morgens zu essen, essen am morgen, erster kaffee,"
        " ersten kaffee, kaffee am morgen",
        "es": "café por la mañana, cafe por la mañana, cafe por la manana,"
        " comer por la mañana, comer por la manana, primer café, primer cafe",
        "fr": "petit déjeuner, petit dejeuner, petit déj, petit dej, p'tit déj,"
        " p'tit dej, manger le matin, premier café, premier cafe, café le matin,"
        " cafe le matin, café du matin, cafe du matin, repas du matin,"
        " buffet du matin, manger au réveil, manger au reveil",
        "it": "mangiare la mattina, mangiare al mattino, mangiare di mattina,"
        " primo caffè, primo caffe, caffè al mattino, caffe al mattino,"
        " caffè la mattina, caffe la mattina, buffet del mattino,"
        " cappuccino e cornetto, mangiare appena svegli",
    },
    "invoice": {
        "en": "for my company, for our company, company name, company details,"
        " company address, vat number, vat id, tax id, tax number, expense report,"
        " expense claim, for my expenses",
        "ru": "закрывающие документы, отчетные документы, юридическое лицо,"
        " юридического лица, юр лицо, юр лица, на организацию, на фирму,"
        " от организации, для бухгалтерии, для отчетности, реквизиты компании,"
        " реквизиты организации, справка о проживании",
        "de": "für meine firma, für die firma, auf die firma, auf meine firma,"
        " auf firma, für mein unternehmen, für unser unternehmen,"
        " für die buchhaltung, für die spesen, für den arbeitgeber, ust id",
        "es": "a nombre de la empresa, a nombre de mi empresa, nombre de la empresa,"
        " para mi empresa, datos fiscales, datos de la empresa, razón social,"
        " razon social",
        "fr": "pour ma société, pour ma societe, pour mon entreprise, nom de la société,"
        " nom de la societe, nom de l'entreprise, nom de ma société,"
        " note de frais, numéro de tva, numero de tva, tva intracommunautaire",
        "it": "partita iva, p iva, codice univoco, codice sdi, ragione sociale,"
        " nota spese, note spese, per la mia azienda, per l'azienda, per la ditta,"
        " nome dell'azienda, nome della società",
    },
    "heating": {
        "en": "room is cold, room is so cold, room is too cold, room is freezing,"
        " room too cold, cold in the room, cold in here, freezing in here,"
        " freezing in the room, warm up the room, warm the room,"
        " apartment is cold",
        "ru": "теплый пол, теплые полы, холодно в номере, в номере холодно,"
        " холодно в комнате, в комнате холодно, холодно в квартире,"
        " в квартире холодно, не топят, плохо топят, еле теплые, сделать потеплее, сделать"
        " теплее",
        "de": "kalt im zimmer, kalt in der wohnung, zimmer ist kalt, zimmer ist zu kalt,"
        " wärmer stellen, wärmer machen",
        "es": "tengo frío, tengo frio, tenemos frío, tenemos frio, pasando frío,"
        " pasando frio, pasamos frío, pasamos frio, habitación fría,"
        " habitacion fria, subir la temperatura",
        "fr": "ai froid, avons froid, a froid, ça caille, ca caille, chambre froide,"
        " chambre est froide, froid dans la chambre, froid dans l'appartement,"
        " chambre glaciale",
        "it": "ho freddo, abbiamo freddo, freddo in camera, freddo in stanza,"
        " camera fredda, stanza fredda",
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
        "en": "call the police, call an ambulance, fire alarm, smoke alarm,"
        " smoke detector, gas leak, smell gas, smell of gas, broke into,"
        " broken into, carbon monoxide",
        "ru": "скорая, скорую, скорой помощи, вызвать скорую, вызовите скорую, запасный выход",
        "de": "wenn was passiert, falls was passiert, wenn etwas passiert, falls etwas passiert",
        "es": "salida de emergencia, salida de incendios",
        "fr": "issue de secours, sortie de secours",
        "it": "vigili del fuoco, pronto soccorso, uscita di emergenza",
    },
    "bathroom": {
        "en": "hot water, water pressure, en suite",
        "ru": "туалетная бумага, горячая вода, горячей воды, горячую воду,"
        " горячей водой, не смывает, вода не уходит, не уходит вода, кран течет,"
        " течет кран, капает кран",
        "de": "warmes wasser, wasser wird nicht warm, läuft nicht ab",
        "es": "papel higiénico, papel higienico, agua caliente, no sale agua,"
        " tirar de la cadena, tirar la cadena",
        "fr": "salle de bain, salle de bains, salle d'eau, chasse d'eau, eau chaude,"
        " eau froide, pression de l'eau, papier toilette, papier wc,"
        " lavabo bouché, lavabo bouche, sèche serviettes, seche serviettes",
        "it": "vasca da bagno, servizi igienici, acqua calda, acqua fredda,"
        " pressione dell'acqua, carta igienica, scarico intasato,"
        " scarico otturato, lavandino intasato, lavandino otturato, wc intasato",
    },
    "price": {
        "en": "how much is it, how much for, per night, per person, room rate,"
        " nightly rate, your rates,"
        " pay extra, pay for it, pay for that, pay for them, pay for the, pay to use,"
        " pay anything, pay separately, cost extra, costs extra, is it extra, is that extra,"
        " included or extra, or is it included, or included, included or"
        " not",
        "ru": "почем, сколько обойдется, сколько платить, сколько берете, сколько с нас,"
        " сколько с человека, сколько за ночь, сколько за сутки,"
        " за отдельную плату, за дополнительную плату, оплачивается отдельно,"
        " оплачивается дополнительно, skolko stoit,"
        " нужно платить, надо платить, платить отдельно, за деньги, нужно доплачивать,"
        " надо доплачивать, это платно, платно",
        "de": "was nehmt ihr, was verlangt ihr, was verlangen sie, was nehmen sie,"
        " was muss ich zahlen, was muss man zahlen, was zahlt man,"
        " wie viel zahlt man, wieviel zahlt man, wie viel euro, wieviel euro,"
        " extra zahlen, extra bezahlen, muss man zahlen, müssen wir zahlen, muss ich zahlen,"
        " zahlt man extra, kostet extra, kostet das extra",
        "es": "cuánto vale, cuanto vale, cuánto sale, cuanto sale, cuánto cobran,"
        " cuanto cobran, cuánto es, cuanto es, cuánto me sale, cuanto me sale,"
        " cuánto nos sale, cuanto nos sale, cuánto me cobran, cuanto me cobran,"
        " cuánto cobráis, cuanto cobrais, cuánto hay que pagar,"
        " cuanto hay que pagar, cuánto se paga, cuanto se paga, o va incluido, o está incluido,"
        " o esta incluido, incluido o no,"
        " paga algo, pagar algo, se paga aparte, pagar aparte, pagar extra, hay que pagar,"
        " tiene coste, tiene costo, cobran aparte",
        "fr": "c'est combien, c est combien, ça fait combien, ca fait combien,"
        " combien ça fait, combien ca fait, combien la nuit, combien par nuit,"
        " combien pour une nuit, combien par personne, c'est payant, est payant,"
        " payer en plus, faut-il payer, il faut payer, payer à part",
        "it": "a pagamento, quanto viene, quanto verrebbe, quanto si paga,"
        " quanto si spende, quanto a notte, quanto per notte,"
        " quanto per una notte, quanto fa, quanto chiedete, quanto prendete,"
        " si paga, pagare a parte, pagare extra, bisogna pagare, si paga a parte",
    },
    "bike": {
        "ru": "велик, велики, великов, прокат велосипедов, прокат великов",
        "it": "noleggio bici, noleggio biciclette",
    },
    "cash": {
        "de": "bar zahlen, bar bezahlen, in bar",
    },
    "early": {
        "en": "arrive in the morning, arriving in the morning, check in in the morning,"
        " checkin in the morning",
        "ru": "приедем рано, приезжаем рано, приедем утром, приезжаем утром,"
        " прилетаем утром, прилетаем рано, заселиться утром, заселиться с утра,"
        " заехать утром, заехать с утра, ranniy zaezd, rannee zaselenie",
        "de": "vor dem checkin, vor dem check in, vor dem einchecken, kommen schon um,"
        " schon vormittags da, schon mittags da, eher ankommen, eher anreisen,"
        " eher einchecken, eher rein, eher ins zimmer",
        "es": "llegar antes, llegamos antes, llego antes, entrar antes,"
        " llegaremos antes, llegaré antes, llegare antes, lleguemos antes,"
        " llegamos por la mañana, llegamos por la manana, llego por la mañana,"
        " llegar por la mañana, llegamos de madrugada, llego de madrugada,"
        " llegamos a primera hora, acceder antes",
        "fr": "arriver plus tôt, arriver plus tot, arriver tôt, arriver tot, arrive tôt,"
        " arrive tot, arrive plus tôt, arrive plus tot, arrivons tôt,"
        " arrivons plus tôt, arriver en avance, arrive en avance",
        "it": "arrivare prima, arriviamo prima, arrivo prima, arriveremo prima,"
        " entrare prima, arrivare in anticipo, arriviamo in anticipo,"
        " arrivo in anticipo, arriveremo in anticipo, entrare in anticipo,"
        " camera in anticipo, stanza in anticipo",
    },
    "gym": {
        "en": "lift weights, lifting weights, weight room, free weights,"
        " exercise bike, stationary bike, spin bike, rowing machine, cross trainer,"
        " work out, working out, do some sport",
        "ru": "позаниматься спортом, заняться спортом, заниматься спортом,"
        " спортивный зал, спортивного зала, спортивном зале, заниматься спортом,"
        " позаниматься спортом",
        "de": "sport machen, sport treiben, gewichte heben, sport machen",
        "es": "cinta de correr, sala de fitness, sala de pesas, bicicleta estática,"
        " bicicleta estatica, bici estática, bici estatica, hacer pesas, levantar pesas,"
        " hacer ejercicio, hacer deporte, hacer ejercicio",
        "fr": "salle de sport, salle de gym, salle de fitness, salle de musculation,"
        " faire du sport, faire un peu de sport, tapis de course, faire du sport",
        "it": "fare sport, fare un po' di sport, fare i pesi, sala pesi,"
        " sala attrezzi, attività fisica, attivita fisica, fare sport",
    },
    "safe": {
        "en": "deposit box, safety box, security box, lock away, locked away",
        "ru": "ценные вещи, ценных вещей, спрятать деньги, спрятать документы,"
        " спрятать ценности, хранить деньги, хранить документы",
        "de": "wertvolle sachen, sicher aufbewahren, sicher verstauen",
        "es": "caja de seguridad, objetos de valor, cosas de valor,"
        " guardar el pasaporte, guardar los pasaportes, guardar el dinero,"
        " guardar dinero, guardar el portátil, guardar el portatil",
        "fr": "objet de valeur, objet précieux, objet precieux, mettre à l'abri,"
        " mettre a l'abri, mettre en sécurité, mettre en securite, en lieu sûr,"
        " en lieu sur, coffre fort",
        "it": "oggetti di valore, oggetti preziosi, mettere al sicuro, tenere al sicuro,"
        " cassetta di sicurezza, cassette di sicurezza, cassa forte",
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
    "weather": {
        "es": "qué tiempo, que tiempo, buen tiempo, mal tiempo, previsión del tiempo",
        "fr": "beau temps, mauvais temps, quel temps fait, quel temps fera",
        "it": "che tempo fa, che tempo farà, bel tempo, brutto tempo",
    },
    "password": {
        "ru": "код от вайфая, код от вайфай, код от wifi, код от интернета,"
        " код от инета, код от сети, код от роутера, ключ сети, ключ безопасности,"
        " kod ot wifi, parol ot wifi, kod ot vaifaya",
        "de": "code fürs wlan, code für das wlan, code vom wlan, code fürs internet,"
        " code für das internet, wlan code, wifi code, internet code,"
        " wlan schlüssel, logge ich mich ein, mich einloggen, uns einloggen",
        "es": "código del wifi, codigo del wifi, código wifi, codigo wifi,"
        " código de internet, codigo de internet, código del internet,"
        " codigo del internet, código de la red, codigo de la red, pin del wifi",
        "fr": "mot de passe, mots de passe, code wifi, code du wifi, code de la wifi,"
        " code wi fi, code internet, code pour le wifi, code pour internet,"
        " code de connexion, code de la box, clé wifi, cle wifi",
        "it": "codice wifi, codice del wifi, codice della wifi, codice internet,"
        " codice di internet, codice per il wifi, codice per internet,"
        " chiave wifi, chiave del wifi, chiave di rete, credenziali wifi,"
        " credenziali del wifi",
    },
    "food": {
        "en": "food delivery, food delivered, deliver food, uber eats",
        "ru": "чтото поесть, что то поесть, чтонибудь поесть, что нибудь поесть,"
        " кормят ли, у вас кормят, будут кормить, полный пансион",
        "de": "kleinigkeit essen, was zu futtern, was zu beißen, essen liefern, zum mitnehmen",
        "es": "picar algo, algo de picar, algo para picar, media pensión, media pension,"
        " pensión completa, pension completa, comida para llevar,"
        " comida a domicilio, just eat",
        "fr": "fruits de mer, quelque chose à manger, quelque chose a manger,"
        " de quoi manger, truc à manger, truc a manger, petite faim, à emporter,"
        " a emporter",
        "it": "frutti di mare, qualcosa da mangiare, qualcosa per mangiare, da asporto,"
        " ordinare da mangiare, cibo a domicilio",
    },
    "pool": {
        "ru": "водные горки, водная горка, водными горками",
        "de": "bahnen ziehen, paar bahnen",
        "es": "gorro de baño, gorro de bano, gorro de natación, gorro de natacion,"
        " traje de baño, traje de bano",
        "fr": "maillot de bain, bonnet de bain, faire des longueurs,"
        " faire quelques longueurs, eau chauffée, eau est chauffée,"
        " eau est chauffee",
        "it": "piscina coperta, fare qualche vasca, fare due vasche, fare le vasche,"
        " acqua riscaldata, cuffia obbligatoria, cuffia da nuoto,"
        " cuffia per la piscina, costume da bagno",
    },
    "iron": {
        "en": "press my shirt, press a shirt, press my suit",
        "fr": "fer à repasser, planche à repasser",
        "it": "ferro da stiro, asse da stiro",
    },
    "passport": {
        "fr": "carte d'identité, pièce d'identité",
        "it": "carta d'identità, carta di identità, documento d'identità, documento di identità",
    },
    "luggage": {
        "en": "carry our bags, carry my bags, carry the bags, carry our suitcases,"
        " help with our bags, help with the bags, help with bags,"
        " take our bags up, bring our bags up, leave my suitcase, leave our suitcase,"
        " leave the suitcase, leave my bags, leave our bags, leave the bags, leave my luggage,"
        " leave our luggage, leave the luggage, drop off our bags, drop off my bags,"
        " drop our bags, drop my bags, store our bags, store my bags, store the bags,"
        " keep our bags, keep my bags, keep the bags, keep our luggage",
        "ru": "помочь с вещами, помочь с чемоданами, помочь с багажом, поднять чемодан,"
        " донести чемодан, занести чемодан, спустить чемодан, поднять вещи,"
        " донести вещи, занести вещи",
        "de": "sachen dalassen, sachen hierlassen, sachen da lassen,"
        " sachen unterstellen, koffer dalassen, koffer hierlassen,"
        " koffer da lassen, koffer lassen, gepäck dalassen, gepäck lassen,"
        " koffer tragen, koffer hochtragen",
        "es": "dejar las maletas, dejar la maleta, dejar el equipaje, dejar nuestras maletas,"
        " dejar mis maletas, guardar las maletas, guardar el equipaje, guardar la maleta",
        "fr": "monter les valises, monter nos valises, monter les bagages,"
        " porter les valises, porter nos valises, porter les bagages, sac à dos,"
        " sac a dos, laisser les bagages, laisser nos bagages, laisser mes bagages,"
        " laisser la valise, laisser nos valises, laisser les valises",
        "it": "deposito bagagli, portare le valigie, portare i bagagli,"
        " portare su le valigie, salire le valigie, deposito valigie, lasciare i bagagli,"
        " lasciare le valigie, lasciare la valigia",
    },
    "kitchen": {
        "en": "self catering, pots and pans, do the dishes, wash the dishes,"
        " washing up liquid, dish soap, heat up food, heat up some food,"
        " heat up our food, warm up food, warm up some food",
        "ru": "разогреть еду, подогреть еду, погреть еду, приготовить еду, готовить еду,"
        " приготовить поесть, готовить самим, можно готовить, где готовить",
        "de": "essen warm machen, essen aufwärmen, was aufwärmen, etwas aufwärmen,"
        " essen zubereiten, was zubereiten",
        "es": "calentar comida, calentar la comida, calentar algo, lavar los platos,"
        " fregar los platos, fregar platos, platos y cubiertos, hacer de comer,"
        " placa de inducción, placa de induccion",
        "fr": "faire à manger, faire a manger, préparer à manger, preparer a manger,"
        " préparer le repas, réchauffer un plat, rechauffer un plat,"
        " faire réchauffer, faire rechauffer, plaque de cuisson,"
        " laver la vaisselle, faire cuire",
        "it": "piano cottura, angolo cottura, fare da mangiare, preparare da mangiare,"
        " prepararci da mangiare, farsi da mangiare, cucinarci qualcosa,"
        " scaldare il cibo, scaldare qualcosa, riscaldare il cibo,"
        " lavare i piatti, cuocere la pasta, piastra a induzione,"
        " piastre a induzione",
    },
    "wifi": {
        "en": "get online, connect my laptop, connect my phone, connect my computer,"
        " video call, log in, logging in, login details, network key, wifi key, cutting out,"
        " cuts out, keeps dropping, keeps disconnecting, dropping out, drops out",
        "ru": "подключиться с ноутбука, не грузит, точка доступа, точки доступа,"
        " vai fai, vay fay, wai fai, медленно грузит, долго грузит",
        "de": "online gehen, online arbeiten, laptop verbinden, handy verbinden,"
        " verbinde ich mich, ins netz, komme ich online, komm ich online,"
        " kommen wir online",
        "es": "fibra óptica, fibra optica, cuántas megas, cuantas megas, cuántos megas,"
        " cuantos megas",
        "fr": "ça capte, ca capte, capte pas, le net, redémarrer la box,"
        " redemarrer la box, relancer la box, la box internet",
        "it": "smart working, lavorare da remoto, lavorare in remoto,"
        " riesco a collegarmi, riusciamo a collegarci, collegarmi al,"
        " collegarsi al, collegarmi alla, collegarsi alla, riavviare il modem,"
        " riavviare il router",
    },
    "taxi": {
        "en": "book a taxi, book a cab",
        "ru": "вызвать машину, вызовите машину, вызовете машину, вызвать яндекс,"
        " яндекс го, yandex go, vyzvat taksi",
    },
    "pay": {
        "en": "settle the bill, settle our bill, settle my bill, settle up,"
        " bank transfer, wire transfer, money transfer, transfer the money,"
        " remaining balance, outstanding balance",
        "ru": "перевести деньги, перевести на карту, перевод на карту, скинуть на карту,"
        " скинуть деньги, перекинуть деньги, как рассчитаться, можно рассчитаться,"
        " где рассчитаться, реквизиты для оплаты, по номеру карты",
        "de": "rechnung begleichen, rechnung bezahlen, rechnung zahlen, was schulde ich,"
        " was schulden wir, was bin ich schuldig, was sind wir schuldig,"
        " vor ort zahlen, vor ort bezahlen, apple pay, google pay",
        "es": "saldar la cuenta, liquidar la cuenta, cerrar la cuenta",
        "fr": "régler la note, regler la note, régler le séjour, regler le sejour,"
        " régler la chambre, regler la chambre, payer le solde, régler le solde,"
        " payer le reste, payer sur place, payer à l'arrivée, payer au départ",
        "it": "saldare il conto, pagare il conto, regolare il conto, sistemare il conto,"
        " pagare il saldo, pagare il resto, pagare il soggiorno, pagare la camera,"
        " pagare sul posto, pagare in struttura, pagare all'arrivo,"
        " pagare alla partenza",
    },
    "cancel": {
        "en": "plans changed, plans have changed, change of plans, change of plan,"
        " can't make it, cannot make it, no longer coming, not coming anymore,"
        " unable to come, won't be coming, call off, called off",
        "ru": "планы поменялись, планы изменились, изменились планы, поменялись планы,"
        " отказаться от брони, откажемся от брони, снять бронь, поездка сорвалась,"
        " otmenit bron, поездка не состоится",
        "de": "leider nicht kommen, können nicht kommen, kann nicht kommen,"
        " doch nicht kommen, pläne haben sich geändert, reise fällt aus,"
        " buchung rückgängig, rückgängig machen, nicht anreisen,"
        " reise nicht antreten, nicht antreten",
        "es": "no podremos ir, no podré ir, no podre ir, no voy a poder ir,"
        " no vamos a poder ir, ya no vamos, ya no iremos, surgido un imprevisto,"
        " surgió un imprevisto, surgio un imprevisto, tuvimos un imprevisto,"
        " cambio de planes",
        "fr": "viendrons pas, viendrai pas, viendra pas, pourrons pas venir,"
        " pourrai pas venir, pourra pas venir, pourrons plus venir,"
        " peux plus venir, pouvons plus venir, peut plus venir,"
        " changement de programme, changement de plan",
        "it": "non possiamo più venire, non riusciamo a venire, non riesco a venire,"
        " non riusciremo a venire, non potremo venire, non potrò venire,"
        " non potro venire, non verremo, non veniamo più, cambio di programma,"
        " cambio di programmi",
    },
    "booking": {
        "en": "confirmation number, confirmation email, reference number,"
        " under the name, under my name, change the dates, change our dates,"
        " change my dates, rooms available, any availability, free rooms,"
        " a free room",
        "ru": "свободные номера, свободный номер, свободных номеров, есть номера,"
        " снять номер, снять комнату, заказать номер, на эти даты, на эти числа,"
        " перенести даты, поменять даты, изменить даты",
        "de": "noch ein zimmer frei, noch zimmer frei, freie zimmer, zimmer verfügbar,"
        " ein zimmer für, datum ändern, datum verschieben, aufenthalt verschieben,"
        " reise verschieben, unter dem namen",
        "es": "número de confirmación, numero de confirmacion, cambiar las fechas,"
        " cambiar de fechas, cambiar la fecha, modificar las fechas,"
        " mover las fechas, hay disponibilidad, tenéis disponibilidad,"
        " teneis disponibilidad, tienen disponibilidad, habitaciones libres",
        "fr": "une chambre libre, une chambre de libre, des chambres libres,"
        " encore de la place, des disponibilités, vos disponibilités,"
        " vos disponibilites, changer les dates, changer nos dates,"
        " modifier les dates, décaler nos dates, decaler nos dates",
        "it": "avete posto per, avete disponibilità, avete disponibilita,"
        " una camera libera, camere libere, una camera disponibile,"
        " camere disponibili, cambiare le date, spostare le date,"
        " modificare le date, cambiare data, spostare il soggiorno",
    },
    "kids": {
        "en": "little ones, family friendly, year old, play area, play room,"
        " mini club, soft play, little one, look after the kids, look after our child,"
        " watch the kids",
        "ru": "чем занять детей, чем занять ребенка, чем заняться детям",
        "de": "für die kleinen, für unsere kleinen, zum spielen, zum toben",
        "es": "los más pequeños, los mas pequeños, los mas pequenos, zona de juegos,"
        " parque de juegos",
        "fr": "aire de jeux, aire de jeu, occuper les enfants, occuper les petits,"
        " garde d'enfant, baby sitter, baby sitting, club enfant,"
        " jeux pour enfant",
        "it": "parco giochi, area giochi, sala giochi, baby club, far giocare,"
        " intrattenere i bambini",
    },
    "baby": {
        "en": "month old, warm a bottle, warm the bottle, warm up milk, heat the bottle,"
        " changing table, changing mat, formula milk, bottle warmer, baby food,"
        " baby monitor, baby bed, baby cot, travel cot, baby crib, high chair,"
        " baby chair, pack n play, pack and play, travel crib, booster seat",
        "ru": "детское питание, детского питания, детская смесь, детскую смесь,"
        " подогреть бутылочку, погреть бутылочку, детская коляска,"
        " детскую коляску, детской коляской, детский стул, стульчик для кормления,"
        " стул для кормления",
        "de": "flasche warm machen, fläschchen warm machen, milch warm machen,"
        " milch aufwärmen, brei warm machen, monate alt, monate alten, wochen alt,"
        " wochen alten",
        "es": "silla de paseo, recién nacido, recien nacido, mi bebe, el bebe, un bebe,"
        " nuestro bebe, para bebes, los bebes, cuna de viaje, silla alta,"
        " silla para comer",
        "fr": "table à langer, table a langer, chauffe biberon, lait en poudre,"
        " lait infantile, petits pots, porte bébé, porte bebe, lit bébé, lit bebe,"
        " lit de bébé, lit pour bébé, lit parapluie, lit enfant, lit pour enfant,"
        " chaise haute, chaises hautes",
        "it": "latte in polvere, scalda biberon, lettino da campeggio,"
        " lettino per bambini, lettino per il bambino, lettino per neonato,"
        " lettino per il neonato, lettino per bebè, lettino per la bambina",
    },
    "beach": {
        "en": "by the water, near the water, close to the water",
        "de": "ans wasser, an den see, zum see",
        "es": "frente al mar, primera línea, primera linea",
        "fr": "pieds dans l'eau, bord de mer, front de mer, eau de mer",
        "it": "in riva al mare, fare il bagno in mare",
    },
    "pet": {
        "en": "fur baby, fur babies, four legged, furry friend",
        "ru": "с четвероногим, четвероногий друг",
        "de": "gassi gehen",
        "fr": "quatre pattes, 4 pattes, boule de poils",
        "it": "quattro zampe, 4 zampe",
    },
    "smoke": {
        "en": "light up, e cig",
        "fr": "en griller une",
    },
    "reception": {
        "en": "someone on site, anyone on site, staff on site, someone on duty,"
        " staff on duty, night porter, night staff",
        "de": "ist jemand da, jemand vor ort, nachts jemand, jemand erreichbar,"
        " jemand ansprechbar, front desk",
        "es": "habrá alguien, habra alguien, alguien nos recibe,"
        " alguien para recibirnos, quién nos recibe, quien nos recibe,"
        " quién nos abre, quien nos abre",
        "fr": "quelqu'un sur place, quelqu un sur place, personne sur place,"
        " quelqu'un la nuit, quelqu un la nuit, veilleur de nuit, gardien de nuit",
        "it": "c'è qualcuno, ce qualcuno, qualcuno in struttura, qualcuno di notte,"
        " qualcuno la notte, portiere di notte, personale di notte",
    },
    "shop": {
        "en": "buy food, buy some food, buy snacks, buy some snacks, convenience store,"
        " corner shop, grocery store, food shop, food store",
        "ru": "торговый центр, торгового центра, торговом центре, торговые центры",
        "de": "einen laden, ein laden, getränke kaufen, wasser kaufen, essen kaufen,"
        " zigaretten kaufen, souvenirs kaufen, besorgungen machen, bummeln gehen",
        "es": "centro comercial, ir de compras, hacer compras, comprar recuerdos,"
        " hacer la compra, comprar comida, comprar algo de comer",
        "fr": "faire les magasins, faire les boutiques, lèche vitrine, leche vitrine,"
        " acheter des souvenirs, centre commercial, centres commerciaux,"
        " faire les courses, faire des courses, faire nos courses,"
        " faire mes courses",
        "it": "fare shopping, fare acquisti, fare compere, fare spese, giro per negozi,"
        " comprare souvenir, comprare dei souvenir, centro commerciale,"
        " centri commerciali, fare la spesa, negozio di alimentari",
    },
    "elevator": {
        "en": "many stairs, lots of stairs, a lot of stairs",
        "ru": "подниматься пешком, подниматься по лестнице",
        "de": "treppen steigen, treppen laufen, viele treppen, nur treppen",
        "fr": "monter à pied, monter a pied, monter les escaliers, beaucoup d'escaliers,"
        " monter les étages, monter les etages",
        "it": "salire a piedi, fare le scale, tante scale, molte scale, salire le scale",
    },
    "open": {
        "en": "how late is the, how late does, how late do, how late are",
    },
    "phone": {
        "en": "contact you, ring you, get in touch, get in contact",
    },
    "airport": {
        "de": "ich lande, lande um",
        "fr": "en avion, notre avion, mon avion, prendre l'avion",
    },
    "nightlife": {
        "en": "going out, go out at night, night out, go clubbing, go dancing",
        "ru": "ночной клуб, ночные клубы, куда сходить вечером, потусить, потанцевать",
        "de": "ausgehen am abend, abends ausgehen, tanzen gehen, feiern gehen",
        "es": "salir de fiesta, salir por la noche, vida nocturna, ir de fiesta",
        "fr": "sortir le soir, vie nocturne, boîte de nuit, aller danser",
        "it": "uscire la sera, vita notturna, andare a ballare",
    },
    "watersports": {
        "en": "paddle board, stand up paddle, jet ski, water sports",
        "de": "stand up paddle",
        "es": "tabla de paddle",
        "fr": "stand up paddle",
        "it": "stand up paddle",
    },
    "visitors": {
        "en": "crash on our sofa, crash on the sofa, crash at ours, stay over, sleep over,"
        " stay the night, friends over, people over",
        "de": "bei uns übernachten, bei uns schlafen, freunde mitbringen",
        "es": "quedarse a dormir, dormir en el sofá, traer amigos",
        "ru": "переночевать у нас, остаться на ночь, пригласить друзей",
        "fr": "dormir chez nous, rester dormir, inviter des amis",
        "it": "dormire da noi, restare a dormire, invitare amici",
    },
    "adultsonly": {
        "en": "adults only, adult only, without kids, without children, no kids, no children,"
        " away from the kids, away from kids, quiet pool",
        "ru": "только для взрослых, только взрослые, без детей, взрослый бассейн",
        "de": "nur für erwachsene, nur erwachsene, ohne kinder, ruhiger pool",
        "es": "solo adultos, sólo adultos, solo para adultos, sin niños, piscina tranquila",
        "fr": "réservé aux adultes, adultes uniquement, sans enfants, piscine calme",
        "it": "solo adulti, solo per adulti, senza bambini, piscina tranquilla",
    },
    "distance": {
        "en": "how long does it take to walk, how long to walk, walking distance,"
        " minutes walk, min walk, on foot",
        "ru": "пешком, сколько идти, долго идти, далеко идти",
        "de": "zu fuß, wie lange läuft man, wie lange geht man, fußweg",
        "es": "a pie",
        "fr": "à pied, combien de temps à pied",
        "it": "a piedi, quanto ci vuole a piedi",
    },
}
