"""The partner countries of CBS's goods-trade tables: the Landen dimension of 85427NED, each with
its CBS key, ISO 3166-1 alpha-2 code (or what the row is instead: total, group, rest, none) and
Dutch name (see `kompas.readers.trade_cbs` for where this was established)."""

from __future__ import annotations

# CBS key, ISO 3166-1 alpha-2 (or: total, group, rest, none), CBS name. The keys and names are the
# Landen dimension of 85427NED; the lines with key "-" are names other CBS tables use.
TABLE = """
T001047 total Totaal landen
L007935 group EU (exclusief Nederland)
L006998 group Niet-EU
L007933 group Europa (exclusief Nederland)
L008519 group Afrika
L008520 group Amerika
L008524 group Azië
L008531 group Oceanië
L008527 group Overige
L008533 AF Afghanistan
L008534 AL Albanië
L008535 DZ Algerije
L008537 VI Amerikaanse Maagdeneilanden
L008536 AS Amerikaans-Samoa
L008538 AD Andorra
L008539 AO Angola
L008540 AI Anguilla
L008532 AQ Antarctica
L008541 AG Antigua en Barbuda
L008542 AR Argentinië
L008543 AM Armenië
L008544 AW Aruba
L008545 AU Australië
L008546 AZ Azerbeidzjan
L008547 BS Bahama's
L008548 BH Bahrein
L008549 BD Bangladesh
L008550 BB Barbados
L008552 BE België
L008553 BZ Belize
L008554 BJ Benin
L008555 BM Bermuda
L006997 BT Bhutan
L008688 MM Birma
L008557 BO Bolivia
L008559 BA Bosnië en Herzegovina
L008560 BW Botswana
L008561 BV Bouveteiland
L008562 BR Brazilië
L008564 IO Brits Indische Oceaanterritorium
L008565 VG Britse Maagdeneilanden
L008566 BN Brunei
L008567 BG Bulgarije
L008568 BF Burkina Faso
L008569 BI Burundi
L008570 KH Cambodja
L008571 CA Canada
L008794 BQ Caribisch Nederland
L008573 CF Centraal-Afrikaanse Republiek
L008817 none Ceuta
L008574 CL Chili
L008575 CN China
L008577 CX Christmaseiland
L008578 CC Cocoseilanden
L008579 CO Colombia
L008580 KM Comoren
L008581 CG Congo
L008582 CD Congo (Democratische Republiek)
L008583 CK Cookeilanden
L008584 CR Costa Rica
L008585 CU Cuba
L008586 CW Curaçao
L008587 CY Cyprus
L008588 DK Denemarken
L008589 DJ Djibouti
L008590 DM Dominica
L008591 DO Dominicaanse Republiek
L008592 DE Duitsland
L008593 EC Ecuador
L008594 EG Egypte
L008595 SV El Salvador
L008596 GQ Equatoriaal-Guinea
L008597 ER Eritrea
L008598 EE Estland
L008752 SZ Eswatini
L008599 ET Ethiopië
L008600 FO Faeröer
L008601 FK Falklandeilanden
L008602 FJ Fiji
L008603 PH Filipijnen
L008604 FI Finland
L008605 FR Frankrijk
L008607 TF Franse Zuidelijke Gebieden
L008608 PF Frans-Polynesië
L008609 GA Gabon
L008610 GM Gambia
L008611 GE Georgië
L008612 GH Ghana
L008613 GI Gibraltar
L008614 GD Grenada
L008615 GR Griekenland
L008616 GL Groenland
L008618 GU Guam
L008619 GT Guatemala
L008621 GN Guinee
L008622 GW Guinee-Bissau
L008623 GY Guyana
L008624 HT Haïti
L008625 HM Heard- en McDonald-eilanden
L008626 HN Honduras
L008627 HU Hongarije
L008628 HK Hongkong
L008629 IE Ierland
L008630 IS IJsland
L008631 IN India
L008632 ID Indonesië
L008633 IQ Irak
L008634 IR Iran
L008635 IL Israël
L008636 IT Italië
L008637 CI Ivoorkust
L008638 JM Jamaica
L008639 JP Japan
L008640 YE Jemen
L008643 JO Jordanië
L008572 KY Kaaimaneilanden
L008644 CV Kaapverdië
L008645 CM Kameroen
L008648 KZ Kazachstan
L008649 KE Kenia
L008650 KG Kirgizië
L008651 KI Kiribati
L008652 KW Koeweit
L008653 XK Kosovo
L008654 HR Kroatië
L008655 LA Laos
L008656 LS Lesotho
L008657 LV Letland
L008658 LB Libanon
L008659 LR Liberia
L008660 LY Libië
L008661 LI Liechtenstein
L008662 LT Litouwen
L008663 LU Luxemburg
L008664 MO Macau
L008666 MG Madagaskar
L008667 MW Malawi
L008668 MV Maldiven
L008669 MY Maleisië
L008670 ML Mali
L008671 MT Malta
L008673 MA Marokko
L008675 MH Marshalleilanden
L008677 MR Mauritanië
L008678 MU Mauritius
L008818 none Melilla
L008680 MX Mexico
L008681 FM Micronesia
L008682 MD Moldavië
L008684 MN Mongolië
L008685 ME Montenegro
L008686 MS Montserrat
L008687 MZ Mozambique
L008689 NA Namibië
L008690 NR Nauru
L008694 NP Nepal
L008695 NI Nicaragua
L008696 NC Nieuw-Caledonië
L008697 NZ Nieuw-Zeeland
L008698 NE Niger
L008699 NG Nigeria
L008700 NU Niue
L008702 MP Noordelijke Marianen
L008703 KP Noord-Korea
L008665 MK Noord-Macedonië
L008704 NO Noorwegen
L008705 NF Norfolkeiland
L008706 UA Oekraïne
L008707 UZ Oezbekistan
L008708 OM Oman
L008709 AT Oostenrijk
L008758 TL Oost-Timor
L008710 PK Pakistan
L008711 PW Palau
L008712 PS Bezette Palestijnse gebieden
L008713 PA Panama
L008714 PG Papoea-Nieuw-Guinea
L008715 PY Paraguay
L008716 PE Peru
L008717 PN Pitcairneilanden
L008718 PL Polen
L008719 PT Portugal
L008647 QA Qatar
L008723 RO Roemenië
L008724 RU Rusland
L008726 RW Rwanda
L008792 BL Saint Barthélemy
L008727 KN Saint Kitts en Nevis
L008742 LC Saint Lucia
L008728 PM Saint-Pierre en Miquelon
L008730 SB Salomonseilanden
L008731 WS Samoa
L008732 SM San Marino
L008733 ST Sao Tomé en Principe
L008734 SA Saudi-Arabië
L008735 SN Senegal
L008736 RS Servië
L008738 SC Seychellen
L008739 SL Sierra Leone
L008740 SG Singapore
L008743 SX Sint Maarten (Nederlands deel)
L008729 VC Sint Vincent en de Grenadines
L008741 SH Sint-Helena, Ascension, Tristan da Cunha
L008744 SI Slovenië
L008745 SK Slowakije
L008747 SO Somalië
L008749 ES Spanje
L008750 LK Sri Lanka
L008746 SD Sudan
L008751 SR Suriname
L008753 SY Syrië
L008754 TJ Tadzjikistan
L008755 TW Taiwan
L008756 TZ Tanzania
L008757 TH Thailand
L008759 TG Togo
L008760 TK Tokelau-eilanden
L008761 TO Tonga
L008762 TT Trinidad en Tobago
L008763 TD Tsjaad
L008764 CZ Tsjechië
L008765 TN Tunesië
L008766 TR Turkije
L008767 TM Turkmenistan
L008768 TC Turks- en Caicoseilanden
L008769 TV Tuvalu
L008770 UG Uganda
L008771 UY Uruguay
L008772 VU Vanuatu
L008773 VA Vaticaanstad
L008774 VE Venezuela
L008779 UM Verafgelegen eilandjes van de VS
L008776 GB Verenigd Koninkrijk
L008777 AE Verenigde Arabische Emiraten
L008778 US Verenigde Staten
L008780 VN Vietnam
L008782 WF Wallis en Futuna
L008813 EH Westelijke Sahara
L008783 BY Wit-Rusland
L008784 ZM Zambia
L008785 ZW Zimbabwe
L008787 ZA Zuid-Afrika
L008788 GS Zuid-Georgia en Sandwicheilanden
L008789 KR Zuid-Korea
L008786 SS Zuid-Sudan
L008790 SE Zweden
L008791 CH Zwitserland
L008816 rest Boordprovisie EU
L008815 rest Boordprovisie niet-EU
L008820 rest Niet aangegeven landen en gebieden EU
L008821 rest Niet aangegeven landen, gebieden niet-EU
L008812 rest Niet bepaalde landen en gebieden EU
L008822 rest Niet bepaalde landen en gebieden niet-EU
L008814 rest Zeegebied buiten de territoriale wateren
- total Totaal
- group Overige landen
- group Niet-EU-landen
"""


def _table() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    keys: dict[str, str] = {}
    for line in TABLE.strip().splitlines():
        key, code, name = line.split(maxsplit=2)
        names[name] = code
        if key != "-":
            keys[key] = name
    return names, keys


NAMES, KEYS = _table()
