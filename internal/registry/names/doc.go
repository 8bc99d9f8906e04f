// Package names normalises, tokenises, indexes and compares personal names
// of returnees written in Bangla or Latin script, for search and for
// duplicate warnings at registration.
//
// # API
//
//   - DetectScript: Bangla, Latin, mixed, other or empty.
//   - Normalize / Tokens: the canonical form of a name, for storage next to
//     the name as typed (never for display).
//   - SearchKeys: the terms to index for a name; QueryKeys: the terms and the
//     prefix to look up for a typed query. Terms are normalised words plus
//     phonetic keys (marked with KeyPrefix, "~") that are the same for a Bangla
//     spelling and its usual romanisation, so a search in either script finds
//     the other.
//   - Similarity: a score in [0,1] for two names in any scripts, to rank
//     search results and warn about duplicates (see Thresholds).
//
// Typical use: store SearchKeys(name) in a terms table (term, person); for a
// query, fetch persons having any of QueryKeys' terms or a stored term that
// starts with its prefix, then rank them by Similarity(query, name).
//
// All functions are pure and safe for concurrent use; the package has no
// dependencies beyond the standard library and golang.org/x/text.
//
// # Normalisation
//
// Both scripts:
//   - invalid UTF-8 bytes, spaces, punctuation, symbols, danda (। ॥) and the
//     visarga used as abbreviation mark (মোঃ) separate words; runs of
//     separators collapse to one space;
//   - apostrophes (D'Costa) and invisible format characters (ZWJ, ZWNJ, ZWSP,
//     BOM, soft hyphen, direction marks) are removed without splitting;
//   - a change between Bangla, Latin and another script starts a new word
//     ("Md.রহিম" is two words); Bangla digits become ASCII digits.
//
// Latin: NFKD, accents and other Latin combining marks removed, NFC; lower
// case; ß æ œ þ ø đ ð ł ı folded to ASCII; full-width letters and ligatures
// folded by NFKD. Two or more single letters in a row are initials and are
// joined ("A. K. M." = "A.K.M." = "AKM" -> akm). "Ud Din"/"Ud-Din" -> uddin,
// "Al Haj" -> alhaj (then haji by the table).
//
// Bangla: NFC (skipped when it cannot change anything), then the nukta
// letters composed (ড+় -> ড়, ঢ+় -> ঢ়, য+় -> য়; NFC itself leaves them
// decomposed), any other nukta dropped, the legacy khanda ta ত্+ZWJ -> ৎ,
// and the mistyped অ+া -> আ. Composed and decomposed input give the same
// result.
//
// Then every word is looked up in the variant table and replaced by its
// canonical spelling in the same script. Summary (variants.go has the full
// table; each Bangla canonical is linked to the Latin one):
//
//	mohammad   md mohd mhd muhammad mohammed mohamed mohamad ...   মোহাম্মদ  মো(ঃ) মুহাম্মদ মোহাম্মাদ মহম্মদ ...
//	mosammat   mst most mosamat musammat mosammet ...              মোসাম্মৎ  মোসা(ঃ) মোছা(ঃ) মোসাম্মত মোছাম্মৎ ...
//	haji       hazi hajee alhaj alhajj                             হাজী      হাজি আলহাজ আলহাজ্ব
//	sri / srimati / late / dr / mr / mrs / miss                    শ্রী শ্রীমতী মরহুম ডা(ঃ)
//	begum      begam begom bagum                                   বেগম      বেগাম
//	khatun     khatoon khaton katun                                খাতুন     খাতূন
//	akter      akhter aktar akhtar aktir                           আক্তার    আখতার আকতার
//	nessa      nesa nesha nisa nissa                               নেছা      নেসা নিসা
//	abdul      abdur abdus abdun abdool                            আব্দুল    আবদুল আব্দুর আবদুর আব্দুস
//	hossain    hussain hosen hossen hosain husain hussein ...      হোসেন     হোসাইন হুসাইন হোসেইন
//	hasan      hassan hason                                        হাসান     হাছান
//	rahman     rehman rahaman rohman                               রহমান     রাহমান
//	chowdhury  choudhury chowdhuri chaudhury chy ...               চৌধুরী    চৌধুরি চৌধূরী
//	islam      eslam islaam                                        ইসলাম     ইছলাম
//	uddin      uddeen uddine (ud din)                              উদ্দিন    উদ্দীন
//	ahmed      ahmad ahamed ahammed                                আহমেদ     আহম্মেদ আহমদ
//	ali, mia(h), ullah, haque/hoque/huq, alam/alom, nur/noor, khan, sheikh/sk,
//	sarkar/sarker, talukder, majumder, bhuiyan/bhuiya, mollah/molla,
//	howlader, fatema/fatima, ayesha/aysha, ishak/ishaq (ইসহাক: Latin sh
//	there is স+হ, not শ)
//	clan names: chakma marma tripura tanchangya/tonchongya mro bawm khyang
//	khumi lushai pankhua chak santal garo
//
// Given names (Rahim, Rina, Ching...) are not in the table: their spelling
// variants are caught by the phonetic key and Similarity.
//
// # Phonetic key
//
// Each word becomes a phoneme string over one small alphabet (consonants
// b c d f g h j k l m n p r s t, vowels a e i o u plus y and w); the key is
// its consonant skeleton: "a" if the word starts with a vowel, then the
// consonants, a repeated consonant counted once (doubled, or across a vowel,
// which Bangla often writes as a silent inherent vowel: মোশাররফ /
// Mosharraf) and a word-final h dropped. Rahim, রহিম -> rhm; Akter, Akhter, আক্তার -> aktr; Hossain,
// হোসেন -> hsn; Biswas, বিশ্বাস -> bss; Ching, চিং -> cng.
//
// Latin: aspirates folded (kh gh jh th dh bh rh -> k g j t d b r), ch/chh -> c,
// sh -> s, ph -> f, c/ck/q -> k, final "que" -> k, x -> ks, v -> b, z -> j,
// y and w are vowels.
//
// Bangla is romanised letter by letter with the same folds (ক খ -> k,
// গ ঘ -> g, চ -> c, জ ঝ য -> j, ট ঠ ত থ ৎ -> t, ড ঢ দ ধ -> d, ণ ন ঞ -> n,
// ঙ ং -> ng but n before ক খ গ ঘ, ব ভ -> b, শ ষ স -> s, ড় ঢ় -> r, য় -> y),
// an inherent "a" after a consonant without vowel sign or virama except
// word-finally (an "o" after a word-final conjunct: শান্ত -> shanto),
// ya-phala -> y and ba-phala -> w (vowels). ছ reads both c and s (ছালেহা:
// Saleha; ছায়া: Chhaya) and ঁ both n and nothing (চাঁদ: Chand), so such
// words get two to four keys. A word in the variant table takes the key of
// its Latin canonical.
//
// The key deliberately ignores vowels, which the two scripts write
// differently (Bangla leaves the inherent vowel unwritten; ে is written e, a
// or ai). The price: Rina, Runa, Rana and Rani share the key ~rn. Keys are
// for recall; Similarity restores precision.
//
// # Similarity
//
// Token score: 1 for the same normalised word or the same table element in
// either script; 0 for two different table elements (Hasan/Hossain,
// Begum/Khatun). With equal phonetic keys, 0.97 minus 0.47 x the vowel cost,
// comparing the vowels slot by slot between key consonants: a~o, o~u, e~i,
// a~e and an unwritten inherent vowel cost 0.1 (Karim/Korim 0.92), any other
// difference costs 1 (Rina/Runa, Jamal/Jamil, Rahim/Rahima: 0.5). With
// different keys, a deflated Jaro-Winkler (rune based, written here): the
// mean of JW over the words (same script) or phoneme strings and JW over
// the keys, mapped by 0.8 x clamp((j-0.7)/0.3) (Ching/Chinu 0.58,
// Rahim/Karim 0).
//
// Name score: tokens weigh 0.15 (honorific), 0.5 (common surname, female
// suffix, clan name, digits) or 1 (any other word). Tokens are paired one
// to one, in any order, to maximise the sum of (wa+wb) x token score; the
// score is that sum over the total weight of both names (so a missing token
// costs half of a mismatched one). Two adjacent words may also count as one
// (Nur Jahan / Nurjahan, Abdur Rahman / Abdurrahman).
//
// # Thresholds
//
// Warn "this person may already be registered" at DuplicateThreshold (0.85)
// and above; list the record as a possible match from ReviewThreshold (0.70).
// On this package's test tables, 121 pairs of spellings of one person score
// between 0.899 and 1 (lowest: Shuvo Barua / শুভ বড়ুয়া), 53 pairs of different
// people score at most 0.76 (Md. Abdur Rahim / Md. Abdur Rahman), Ching Marma /
// Chinu Marma scores 0.72 (reviewed, no warning) and a name missing its
// surname (Rina / Rina Begum) 0.80. These tables are made up from common
// names, not measured on a real register: check precision and recall on
// real data before relying on the numbers, and never merge records on a name
// alone: date of birth, father's or husband's name, NID and address decide.
//
// # Limits
//
//   - The table folds Abdur/Abdul/Abdus into one element, and variants such
//     as Hussain/Hossain that some families keep apart.
//   - Vowel-blind keys return many candidates for short names (~rn for Rina,
//     Runa, Rana, Rani); rank with Similarity.
//   - Schwa deletion is a heuristic: a word-final inherent vowel that is
//     pronounced (শুভ "Shuvo") lowers the score (0.83 for the word); mid-word
//     inherent vowels (রহমান "rahaman") cost a little.
//   - Only ছ and ঁ get two readings; ক্ষ reads ksh (Lakshmi, not Lokkhi),
//     জ্ঞ reads jn, a Latin c without h reads k, and a Latin sh is always
//     শ/ষ, never স+হ (Ishaq / ইসহাক is in the table for that reason).
//   - Bangla initials (এ.কে.এম.) are not joined and do not match Latin AKM;
//     Latin initials are joined even when they are not initials of one name.
//   - A visarga is always taken as an abbreviation mark, so the rare word
//     with an inner visarga (দুঃখী) is split in two.
//   - Nicknames (daak naam: Babu, Moni, Rani) are not linked to formal names;
//     gender is not inferred (Rahim/Rahima are told apart only by the vowel).
//   - SearchKeys does not index joined or split forms: a query "Nurjahan"
//     does not find "Nur Jahan" by key (Similarity does match them).
//   - Other scripts (Chakma script, Arabic, Devanagari) are normalised (NFKC,
//     lower case) but get no phonetic key and match only themselves.
//   - Similarity reads at most 16 words per name and Jaro-Winkler the first
//     64 runes of a word, to bound the work on hostile input.
package names
