// Package refdata holds Remaker's reference data: the administrative units
// of Bangladesh, census population weights, ISCO-08 occupations, the
// ethnic groups of the Chittagong Hill Tracts (CHT), BMET skill categories
// and overseas employment figures, benchmarks from returnee surveys, ISO
// 3166-1 countries and ISO 639 languages.
//
// The tables are compiled into the binary. The CSV files under data/ are
// copies of the shared reference files with their source columns
// unchanged (FS returns them); each is parsed once, lazily, on first use,
// into read-only structures with map-based lookups. Every function returns
// copies, so callers cannot change the tables. Load parses everything at
// once and reports problems as an error, for a start-up check. Codes are
// matched exactly as the standards write them (P-codes and ISO 3166 upper
// case, ISO 639 lower case); FindUnit, CountryByName and MatchEthnicGroup
// are the lenient, name-based look-ups for imported free text.
//
// # Tables and their sources
//
// Attribution is a licence condition; the NOTICE file at the repository
// root repeats it.
//
//   - Administrative units (Admin, Children, Path, Units, FindUnit):
//     bd_adm1_divisions.csv (8), bd_adm2_districts.csv (64),
//     bd_adm3_upazilas.csv (555: 483 upazilas, 61 metropolitan thanas, 11
//     upazilas created after 2011) and bd_adm4_unions.csv (5160), from
//     OCHA's Common Operational Dataset of administrative boundaries
//     (COD-AB 2020, via the R package ovirahman/bangladesh; OCHA/BBS data,
//     CC BY-IGO 3.0), with Bangla names and current spellings from
//     nuhil/bangladesh-geocode (MIT). The adm3 Bangla names were joined by
//     name and spot-checked only.
//   - P-code validation (ValidPcode, IsOCHAPcode):
//     ocha_global_pcodes_BGD_2023.csv, OCHA's global P-code list for
//     Bangladesh (OCHA-DAP/hdx-scraper-pcodes, February 2023; CC BY-IGO).
//   - Population weights (Population2011, Populations2011, AgeBands):
//     bd_adm3_population_2011_agesex.csv, the 2011 census per adm3 unit by
//     sex and by 5-year age band (HDX COD-PS via ovirahman/bangladesh; CC
//     BY-IGO); district and division totals by sex are also on Unit.
//   - ISCO-08 (ISCO, ValidISCO, ISCOUnitGroups, ...): isco08_groups.csv,
//     the 10 major, 43 sub-major, 130 minor and 436 unit groups with
//     English titles and ESCO URIs (ESCO export via
//     eworx-org/iscoCrosswalks; ISCO-08 (c) ILO, ESCO reusable with
//     attribution).
//   - CHT ethnic groups (EthnicGroups, EthnicGroup, MatchEthnicGroup):
//     cht_ethnic_groups.csv, the 11 indigenous groups plus Bengali and
//     other, with 2022 census shares as quoted by public encyclopaedia
//     pages. Its language, religion and example-upazila columns are
//     unsourced editable defaults.
//   - BMET skill categories (SkillCategories, Skill): bmet_skill_categories.csv,
//     BMET via RMMRU and news reports (approximate). The ISCO mapping in it
//     is rough and not official.
//   - BMET overseas employment (Outflows, DestinationWeights):
//     bmet_overseas_employment.csv, yearly departures 2018-2024 in total
//     and for the main destinations, BMET figures as quoted in news
//     reports: approximate and incomplete.
//   - Returnee survey benchmarks (Benchmarks): returnee_survey_benchmarks.csv,
//     headline figures from IOM, BRAC, RMMRU and BBS reports and their
//     press coverage, one indicator per row with its URL. Not
//     representative samples; no microdata exists.
//   - Countries (Country, Countries, ValidCountry, CountryByName): ISO
//     3166-1 alpha-2, all 249 assigned codes, written in countries.go from
//     the public standard, with Bangla names for Bangladesh's neighbours
//     and the usual destinations of its workers.
//   - Languages (Language, Languages, ValidLanguage): the ISO 639 codes
//     the application uses, in languages.go; uncertain identifications are
//     noted per language.
//
// # Administrative units
//
// A unit's key is its OCHA P-code: "BD" followed by two digits per level
// (division BD20, district BD2046, upazila BD204677, union BD20467719, Chengi).
// The 11 upazilas created after the 2011 census (Taltali, Rangabali,
// Karnafuli, Lalmai, Eidgaon, Guimara, Dasar, Tarakanda, Naldanga,
// Madhyanagar, Osmaninagar) have no COD-AB 2020 P-code and are not in
// OCHA's 2023 list. They are keyed locally as the district's P-code,
// "X" and a digit (Guimara in Khagrachhari is BD2046X1): the key has the
// length of an adm3 code, starts with its district's code (so "inside
// district D" is still a prefix test), can never collide with an OCHA
// code (those are all digits) and is assigned in newUpazilaKeys by the
// upazila's nuhil_id, never by row order, so keys are stable. ValidPcode
// accepts them; IsOCHAPcode does not. Where the source gives their
// 2025-format code (COD-AB v03: Karnafuli, Lalmai, Guimara) it is in
// Unit.PcodeV03 and FromV03 finds the unit by it. Their unions, and their
// 2011 population, are still counted in the upazilas they were split from.
//
// English names: OCHA's are older spellings (Chittagong, Comilla,
// Jessore). Unit.NameEN is the current official spelling: the source's
// name_en_alt, except where that is itself wrong (it misses the 2018
// spellings Barishal and Chattogram and has typos such as "Borhan Sddin"),
// corrected in nameENFixes; Unit.NameOCHA keeps OCHA's. Bangla names are
// returned in Unicode NFC (the source mixes composed and decomposed forms
// of ড়, ঢ় and য়).
package refdata
