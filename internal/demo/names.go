package demo

import (
	"math/rand/v2"
	"strings"
)

// Names are built from elements, each with its Bangla spelling(s) and its
// Latin spellings, the most common first. A person's name is drawn as a
// list of elements and spelt in both scripts at once, so that the two
// forms of one record agree on who the person is while the spellings vary
// between records the way real registers do (Md./Mohammad, Mst./Mosammat,
// Rahman/Rahaman, Hossain/Hossen/Hussain, Akter/Akhter...).
//
// The tables are common names written down for this demo, not a sample of
// any register: they exist to exercise search, matching and display.

// el is one name element. bn may hold alternative Bangla spellings
// separated by "|", the first the most common.
type el struct {
	bn  string
	lat []string
}

func e(bn string, lat ...string) el { return el{bn, lat} }

// spell picks one Latin and one Bangla spelling of an element: the first
// about two times in three, the others sharing the rest.
func spell(r *rand.Rand, x el) (bn, lat string) {
	bns := strings.Split(x.bn, "|")
	return bns[variantIndex(r, len(bns))], x.lat[variantIndex(r, len(x.lat))]
}

func variantIndex(r *rand.Rand, n int) int {
	if n == 1 || r.Float64() < 0.65 {
		return 0
	}
	return 1 + r.IntN(n-1)
}

// community is the naming tradition a person's name is drawn from.
type community int

const (
	muslim community = iota
	hindu
	bengaliBuddhist  // Barua families, mostly Chattogram
	bengaliChristian // Gomes, Rozario, D'Costa
	chakma           // and Tanchangya, who share given names
	marma
	tripura
	tanchangya
	bawm
)

// Muslim men's given names. Many are two elements where the second
// (Islam, Rahman, Hossain, Uddin...) is part of the given name, which is
// how Bangladeshi registers write them.
var muslimMale = []el{
	e("আব্দুর রহিম|আবদুর রহিম", "Abdur Rahim", "Abdur Rohim", "Abdur Raheem"),
	e("আব্দুল করিম|আবদুল করিম", "Abdul Karim", "Abdul Korim"),
	e("রফিকুল ইসলাম", "Rafiqul Islam", "Rafikul Islam", "Rofiqul Islam"),
	e("শহিদুল ইসলাম", "Shahidul Islam", "Shohidul Islam"),
	e("জাহাঙ্গীর আলম", "Jahangir Alam", "Jahangir Alom"),
	e("কামাল হোসেন", "Kamal Hossain", "Kamal Hossen", "Kamal Hussain"),
	e("মিজানুর রহমান", "Mizanur Rahman", "Mijanur Rahman", "Mizanur Rahaman"),
	e("হাবিবুর রহমান", "Habibur Rahman", "Habibur Rahaman"),
	e("আনোয়ার হোসেন", "Anwar Hossain", "Anowar Hossen", "Anwar Hussain"),
	e("দেলোয়ার হোসেন", "Delwar Hossain", "Delowar Hossen"),
	e("আলমগীর হোসেন", "Alamgir Hossain", "Alamgir Hossen"),
	e("নজরুল ইসলাম", "Nazrul Islam", "Nozrul Islam"),
	e("সাইফুল ইসলাম", "Saiful Islam"),
	e("আমিনুল ইসলাম", "Aminul Islam"),
	e("মনিরুল ইসলাম", "Monirul Islam", "Manirul Islam"),
	e("শফিকুল ইসলাম", "Shafiqul Islam", "Shofiqul Islam", "Shafikul Islam"),
	e("শরিফুল ইসলাম", "Shariful Islam", "Shoriful Islam"),
	e("আরিফুল ইসলাম", "Ariful Islam"),
	e("রাশেদুল ইসলাম", "Rashedul Islam"),
	e("আবুল কালাম", "Abul Kalam"),
	e("আবু বকর সিদ্দিক", "Abu Bakar Siddique", "Abu Bakkar Siddik", "Abu Bakor Siddiq"),
	e("জামাল উদ্দিন", "Jamal Uddin", "Jamal Ud Din"),
	e("জসিম উদ্দিন", "Jasim Uddin", "Josim Uddin"),
	e("সোহেল রানা", "Sohel Rana", "Shohel Rana"),
	e("মাসুদ রানা", "Masud Rana"),
	e("রুহুল আমিন", "Ruhul Amin"),
	e("হারুন অর রশিদ", "Harun Or Rashid", "Harunur Rashid", "Harun Ar Rashid"),
	e("আব্দুল মান্নান|আবদুল মান্নান", "Abdul Mannan"),
	e("আব্দুল হালিম|আবদুল হালিম", "Abdul Halim"),
	e("আব্দুস সালাম|আবদুস সালাম", "Abdus Salam", "Abdus Salaam"),
	e("মোস্তফা কামাল", "Mostafa Kamal", "Mustafa Kamal"),
	e("ফারুক হোসেন", "Faruk Hossain", "Faruque Hossain", "Faruk Hossen"),
	e("ইমরান হোসেন", "Imran Hossain", "Imran Hossen"),
	e("বিল্লাল হোসেন", "Billal Hossain", "Bellal Hossen"),
	e("ইকবাল হোসেন", "Iqbal Hossain", "Ikbal Hossen"),
	e("জাকির হোসেন", "Zakir Hossain", "Jakir Hossen"),
	e("আজিজুল হক", "Azizul Haque", "Azizul Hoque", "Ajijul Haque"),
	e("এনামুল হক", "Enamul Haque", "Enamul Hoque"),
	e("নূর আলম|নুর আলম", "Nur Alam", "Noor Alam"),
	e("মাহবুব আলম", "Mahbub Alam", "Mahabub Alam"),
	e("আক্তারুজ্জামান", "Aktaruzzaman", "Akhtaruzzaman"),
	e("আলাউদ্দিন", "Alauddin", "Ala Uddin"),
}

// Single given names that registers usually follow with a family name.
var muslimMaleShort = []el{
	e("রুবেল", "Rubel"),
	e("শামীম", "Shamim"),
	e("মামুন", "Mamun", "Mamoon"),
	e("জুয়েল", "Jewel", "Juwel"),
	e("শাহীন", "Shahin", "Shaheen"),
	e("কাওসার", "Kawsar", "Kausar", "Kawser"),
	e("সেলিম", "Selim", "Salim"),
	e("লিটন", "Liton", "Litton"),
	e("বাবুল", "Babul"),
	e("শাহজাহান", "Shahjahan", "Shajahan"),
	e("মোতালেব", "Motaleb", "Mutalib"),
	e("রাসেল", "Rasel", "Rashel"),
	e("সুমন", "Sumon", "Suman"),
	e("ফরিদ", "Farid", "Forid"),
	e("হানিফ", "Hanif"),
	e("আলী আকবর", "Ali Akbar", "Aly Akbar"),
}

// Family names that Muslim men (and some women) carry.
var muslimFamily = []el{
	e("মিয়া", "Mia", "Miah", "Mian"),
	e("সরকার", "Sarkar", "Sarker"),
	e("শেখ", "Sheikh", "Shaikh", "Sk"),
	e("খান", "Khan"),
	e("মোল্লা", "Molla", "Mollah"),
	e("ভূঁইয়া|ভুঁইয়া|ভূঞা", "Bhuiyan", "Bhuiya", "Bhuyan"),
	e("চৌধুরী|চৌধুরি", "Chowdhury", "Chowdhuri", "Choudhury"),
	e("তালুকদার", "Talukder", "Talukdar"),
	e("হাওলাদার", "Howlader", "Hawlader"),
	e("মন্ডল|মণ্ডল", "Mondal", "Mandal"),
	e("প্রামানিক", "Pramanik", "Pramanick"),
	e("গাজী", "Gazi"),
	e("বেপারী", "Bepari", "Bapari"),
	e("মজুমদার", "Majumder", "Mozumder"),
	e("শিকদার", "Sikder", "Shikder"),
	e("পাটোয়ারী", "Patwary", "Patwari"),
	e("সরদার", "Sardar", "Sarder"),
	e("হোসেন", "Hossain", "Hossen", "Hussain"),
	e("রহমান", "Rahman", "Rahaman"),
	e("আহমেদ|আহম্মেদ", "Ahmed", "Ahmad", "Ahammed"),
}

var muslimFemale = []el{
	e("রিনা", "Rina"),
	e("শিরিন", "Shirin", "Shireen"),
	e("নাসিমা", "Nasima", "Nasema"),
	e("শাহনাজ", "Shahnaz", "Shanaz"),
	e("রোকেয়া", "Rokeya", "Rokeya"),
	e("ফাতেমা|ফাতিমা", "Fatema", "Fatima"),
	e("আয়েশা|আয়শা", "Ayesha", "Aysha"),
	e("রহিমা", "Rahima", "Rohima"),
	e("জাহানারা", "Jahanara"),
	e("মর্জিনা", "Morjina", "Marjina"),
	e("রাশিদা", "Rashida", "Roshida"),
	e("সালমা", "Salma"),
	e("পারভীন", "Parvin", "Parveen"),
	e("হাসিনা", "Hasina"),
	e("কুলসুম", "Kulsum"),
	e("জেসমিন", "Jesmin", "Jasmine"),
	e("নাসরিন", "Nasrin", "Nasreen"),
	e("লাইলী", "Laily", "Lily"),
	e("হালিমা", "Halima"),
	e("আমেনা", "Amena", "Amina"),
	e("শাহানা", "Shahana"),
	e("রেহানা", "Rehana"),
	e("সুফিয়া", "Sufia", "Sufiya"),
	e("তাসলিমা", "Taslima"),
	e("খাদিজা", "Khadija", "Khodeja"),
	e("মনোয়ারা", "Monowara", "Manwara"),
	e("বিউটি", "Beauty"),
	e("রুমা", "Ruma"),
	e("শিউলি", "Shiuli", "Sheuli"),
	e("মরিয়ম", "Moriom", "Mariam", "Maryam"),
	e("সাথী", "Sathi"),
	e("শাপলা", "Shapla"),
	e("ময়না", "Moyna", "Mayna"),
	e("রেশমা", "Reshma"),
	e("ফিরোজা", "Firoza"),
	e("নাজমা", "Nazma", "Najma"),
	e("হোসনে আরা", "Hosne Ara", "Hosneara"),
	e("মুক্তা", "Mukta"),
	e("শিল্পী", "Shilpi"),
}

// The suffixes most Muslim women's names end with.
var (
	begum  = e("বেগম", "Begum", "Begom")
	khatun = e("খাতুন", "Khatun", "Khatoon")
	akter  = e("আক্তার|আখতার", "Akter", "Akhter", "Aktar")
	nessa  = e("নেছা|নেসা", "Nessa", "Nesa")
)

var hinduMale = []el{
	e("রতন", "Ratan", "Roton"),
	e("গোপাল", "Gopal"),
	e("শ্যামল", "Shyamal", "Shamol"),
	e("সুকুমার", "Sukumar"),
	e("নিতাই", "Nitai"),
	e("বিশ্বজিৎ", "Biswajit", "Bishwajit"),
	e("প্রদীপ", "Pradip", "Prodip"),
	e("শংকর|শঙ্কর", "Shankar", "Shonkor"),
	e("স্বপন", "Swapan", "Shopon"),
	e("তপন", "Tapan", "Topon"),
	e("উত্তম", "Uttam"),
	e("দিলীপ", "Dilip"),
	e("অনিল", "Anil"),
	e("সুব্রত", "Subrata", "Shubroto"),
	e("সঞ্জয়", "Sanjoy", "Sanjay"),
	e("রিপন", "Ripon"),
	e("নারায়ণ", "Narayan", "Naroyon"),
	e("পলাশ", "Palash", "Polash"),
	e("মিঠুন", "Mithun"),
	e("কৃষ্ণ", "Krishna", "Krisno"),
}

var hinduFemale = []el{
	e("অঞ্জলি", "Anjali", "Onjoli"),
	e("শেফালী", "Shefali"),
	e("মালা", "Mala"),
	e("কল্পনা", "Kalpana", "Kolpona"),
	e("সবিতা", "Sabita", "Shobita"),
	e("সুমিত্রা", "Sumitra"),
	e("লক্ষ্মী", "Lakshmi", "Laxmi", "Lokkhi"),
	e("গীতা", "Gita", "Geeta"),
	e("পূর্ণিমা", "Purnima"),
	e("শিখা", "Shikha"),
	e("স্বপ্না", "Swapna", "Shopna"),
	e("মিনতি", "Minati", "Minoti"),
	e("বাসন্তী", "Basanti"),
	e("কাকলী", "Kakoli"),
}

var (
	hinduMaleMiddle = []el{e("চন্দ্র", "Chandra", "Chondro", "Ch."), e("কুমার", "Kumar")}
	rani            = e("রানী|রাণী", "Rani")
	bala            = e("বালা", "Bala")
	sri             = e("শ্রী", "Sree", "Sri", "Shri")
	srimati         = e("শ্রীমতী|শ্রীমতি", "Srimati", "Smt.")
)

var hinduFamily = []el{
	e("দাস", "Das"),
	e("দে", "Dey", "De"),
	e("সাহা", "Saha", "Shaha"),
	e("ঘোষ", "Ghosh", "Ghose"),
	e("পাল", "Pal", "Paul"),
	e("রায়", "Roy", "Ray"),
	e("বিশ্বাস", "Biswas", "Bishwas"),
	e("মন্ডল|মণ্ডল", "Mondal", "Mandal"),
	e("শীল", "Shil", "Sil"),
	e("কর্মকার", "Karmakar", "Kormokar"),
	e("সরকার", "Sarkar", "Sarker"),
	e("দত্ত", "Dutta", "Datta"),
	e("বর্মন", "Barman", "Burman"),
	e("সূত্রধর", "Sutradhar"),
}

var (
	baruaMale     = []el{e("সুমন", "Suman", "Sumon"), e("রাজীব", "Rajib", "Rajeeb"), e("প্রবীর", "Prabir", "Probir"), e("অমল", "Amal", "Omol"), e("দীপক", "Dipak", "Dipok")}
	baruaFemale   = []el{e("রূপা", "Rupa"), e("মিতা", "Mita"), e("শুক্লা", "Shukla", "Sukla"), e("রীনা", "Rina", "Reena")}
	barua         = e("বড়ুয়া", "Barua", "Baruya")
	christMale    = []el{e("পিটার", "Peter"), e("জন", "John"), e("রবার্ট", "Robert"), e("ফ্রান্সিস", "Francis")}
	christFemale  = []el{e("মেরী", "Mary", "Mery"), e("রোজী", "Rozy", "Rosy"), e("সুচিত্রা", "Suchitra"), e("ক্যাথেরিন", "Catherine")}
	christFamily  = []el{e("গমেজ", "Gomes", "Gomez"), e("রোজারিও", "Rozario", "Rosario"), e("ডি'কস্তা|ডিকস্তা", "D'Costa", "DCosta"), e("ক্রুশ", "Cruze", "Cruz")}
	chakmaMale    = []el{e("সুজন", "Sujan", "Sujon"), e("বিজয়", "Bijoy", "Bijay"), e("কিরণ", "Kiron", "Kiran"), e("বিক্রম", "Bikram"), e("আনন্দ", "Ananda"), e("দীপংকর|দীপঙ্কর", "Dipankar", "Diponkor"), e("জ্যোতি", "Jyoti", "Joti"), e("মিল্টন", "Milton"), e("প্রীতম", "Pritom", "Pritam"), e("অরুণ", "Arun"), e("বিমল", "Bimal"), e("রূপক", "Rupak", "Rupok"), e("পুলক", "Pulak", "Pulok"), e("জ্ঞানেন্দু", "Gyanendu", "Gananendu")}
	chakmaFemale  = []el{e("মিতালী", "Mitali"), e("রূপা", "Rupa"), e("সুমিতা", "Sumita"), e("ঝর্ণা", "Jharna", "Jhorna"), e("নিরুপমা", "Nirupoma", "Nirupama"), e("তন্দ্রা", "Tandra"), e("প্রীতি", "Priti"), e("জয়া", "Joya", "Jaya"), e("অরুণা", "Aruna"), e("শোভা", "Shova", "Shobha"), e("চন্দ্রিকা", "Chandrika")}
	chakmaFamily  = []el{e("চাকমা", "Chakma"), e("চাকমা", "Chakma"), e("চাকমা", "Chakma"), e("চাকমা", "Chakma"), e("চাকমা", "Chakma"), e("চাকমা", "Chakma"), e("দেওয়ান", "Dewan"), e("খীসা", "Khisa", "Kheesa")}
	marmaMale     = []el{e("উচিং", "Uching", "U Ching"), e("অংসিং", "Aungsing", "Ongshing"), e("মংশৈ", "Mongshoi", "Mong Shwe"), e("ক্যাচিং", "Kyaching", "Kya Ching"), e("থোয়াইসিং", "Thowaising", "Thoai Sing"), e("চিংহ্লা", "Chinghla", "Ching Hla")}
	marmaFemale   = []el{e("মেসিং", "Mesing", "Me Sing"), e("নুচিং", "Nuching", "Nu Ching"), e("মাম্যাচিং", "Mamyaching", "Ma Mya Ching"), e("উম্যাচিং", "Umyaching", "U Mya Ching")}
	marmaFamily   = []el{e("মারমা", "Marma")}
	tripuraMale   = []el{e("রঞ্জিত", "Ranjit", "Ronjit"), e("বিকাশ", "Bikash"), e("সুরেশ", "Suresh"), e("কৃষ্ণ", "Krishna"), e("সুনীল", "Sunil")}
	tripuraFemale = []el{e("সুমিত্রা", "Sumitra"), e("রূপালী", "Rupali"), e("মিথিলা", "Mithila"), e("বিনীতা", "Binita"), e("লক্ষ্মী", "Lakshmi")}
	tripuraFamily = []el{e("ত্রিপুরা", "Tripura")}
	tanchFamily   = []el{e("তঞ্চঙ্গ্যা|তংচংগ্যা", "Tanchangya", "Tonchongya")}
	bawmMale      = []el{e("লালমুয়ান", "Lalmuan"), e("ভানলাল", "Vanlal"), e("জোসেফ", "Joseph")}
	bawmFemale    = []el{e("রুথ", "Ruth"), e("লালরিন", "Lalrin")}
	bawmFamily    = []el{e("বম", "Bawm", "Bom")}
)

// prefix is a title written before the name in one script only: the two
// scripts are drawn together but not always alike.
type prefix struct{ bn, lat string }

// The spellings of "Mohammad" before men's names, with their shares.
var mdLatin = weighted[string]{}.add("Md.", 60).add("Md", 8).add("Mohammad", 17).add("Muhammad", 7).add("Mohd.", 4).add("Mohammed", 4)

// The spellings of "Mosammat" before women's names.
var mstLatin = weighted[string]{}.add("Mst.", 60).add("Most.", 10).add("Mosammat", 15).add("Mst", 8).add("Mossammat", 4).add("Musammat", 3)

func mdPrefix(r *rand.Rand) prefix {
	lat := mdLatin.pick(r)
	var bn string
	switch {
	case strings.HasPrefix(lat, "Mo") && lat != "Mohd." && r.Float64() < 0.7:
		bn = "মোহাম্মদ"
	case lat == "Muhammad" && r.Float64() < 0.7:
		bn = "মুহাম্মদ"
	default:
		bn = weighted[string]{}.add("মোঃ", 75).add("মো.", 12).add("মোহাম্মদ", 13).pick(r)
	}
	return prefix{bn, lat}
}

func mstPrefix(r *rand.Rand) prefix {
	lat := mstLatin.pick(r)
	bn := weighted[string]{}.add("মোছাঃ", 55).add("মোসাঃ", 20).add("মোছাম্মৎ", 15).add("মোসাম্মত", 10).pick(r)
	return prefix{bn, lat}
}

// nameParts accumulates a name in both scripts.
type nameParts struct{ bn, lat []string }

func (n *nameParts) add(r *rand.Rand, x el) {
	b, l := spell(r, x)
	n.bn = append(n.bn, b)
	n.lat = append(n.lat, l)
}

func (n *nameParts) pre(p prefix, r *rand.Rand) {
	// Now and then a title is written in one script and left out in the other.
	switch x := r.Float64(); {
	case x < 0.04:
		n.bn = append([]string{p.bn}, n.bn...)
	case x < 0.08:
		n.lat = append([]string{p.lat}, n.lat...)
	default:
		n.bn = append([]string{p.bn}, n.bn...)
		n.lat = append([]string{p.lat}, n.lat...)
	}
}

func (n nameParts) strings() (bn, lat string) {
	return strings.Join(n.bn, " "), strings.Join(n.lat, " ")
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// family is a family name shared by a household in traditions where it is
// inherited (Hindu, Christian, Buddhist Bengali and the CHT peoples).
type family struct {
	el
	ok bool
}

// familyOf draws the family name a household shares, if its tradition
// has one, spelt once: the members of a household are written down
// together, in one spelling.
func familyOf(r *rand.Rand, c community) family {
	f := familyName(r, c)
	if f.ok {
		bn, lat := spell(r, f.el)
		f.el = el{bn, []string{lat}}
	}
	return f
}

func familyName(r *rand.Rand, c community) family {
	switch c {
	case hindu:
		return family{pick(r, hinduFamily), true}
	case bengaliBuddhist:
		return family{barua, true}
	case bengaliChristian:
		return family{pick(r, christFamily), true}
	case chakma:
		return family{pick(r, chakmaFamily), true}
	case marma:
		return family{pick(r, marmaFamily), true}
	case tripura:
		return family{pick(r, tripuraFamily), true}
	case tanchangya:
		return family{pick(r, tanchFamily), true}
	case bawm:
		return family{pick(r, bawmFamily), true}
	}
	return family{}
}

// personName draws a name of the community for a person of the given sex,
// in Bangla and Latin script. fam is the household's family name where
// the tradition has one; adult says whether titles may be used.
func personName(r *rand.Rand, c community, sex string, fam family, adult bool) (bn, lat string) {
	var n nameParts
	female := sex == "female"
	switch c {
	case muslim:
		if female {
			n.add(r, pick(r, muslimFemale))
			switch x := r.Float64(); {
			case x < 0.33:
				n.add(r, begum)
			case x < 0.62:
				n.add(r, khatun)
			case x < 0.88:
				n.add(r, akter)
			case x < 0.91:
				n.add(r, nessa)
			}
			if adult && r.Float64() < 0.5 {
				n.pre(mstPrefix(r), r)
			}
		} else {
			if r.Float64() < 0.7 {
				n.add(r, pick(r, muslimMale))
				if r.Float64() < 0.15 {
					n.add(r, pick(r, muslimFamily))
				}
			} else {
				n.add(r, pick(r, muslimMaleShort))
				if r.Float64() < 0.75 {
					n.add(r, pick(r, muslimFamily))
				}
			}
			if adult && r.Float64() < 0.62 {
				n.pre(mdPrefix(r), r)
			}
		}
	case hindu:
		if female {
			n.add(r, pick(r, hinduFemale))
			switch x := r.Float64(); {
			case x < 0.5:
				n.add(r, rani)
			case x < 0.6:
				n.add(r, bala)
			}
			if adult && r.Float64() < 0.1 {
				b, l := spell(r, srimati)
				n.pre(prefix{b, l}, r)
			}
		} else {
			n.add(r, pick(r, hinduMale))
			if r.Float64() < 0.45 {
				n.add(r, pick(r, hinduMaleMiddle))
			}
			if adult && r.Float64() < 0.15 {
				b, l := spell(r, sri)
				n.pre(prefix{b, l}, r)
			}
		}
		n.add(r, fam.el)
	case bengaliBuddhist:
		n.add(r, pick(r, choose(female, baruaFemale, baruaMale)))
		n.add(r, fam.el)
	case bengaliChristian:
		n.add(r, pick(r, choose(female, christFemale, christMale)))
		n.add(r, fam.el)
	case chakma, tanchangya:
		n.add(r, pick(r, choose(female, chakmaFemale, chakmaMale)))
		n.add(r, fam.el)
	case marma:
		n.add(r, pick(r, choose(female, marmaFemale, marmaMale)))
		n.add(r, fam.el)
	case tripura:
		n.add(r, pick(r, choose(female, tripuraFemale, tripuraMale)))
		n.add(r, fam.el)
	case bawm:
		n.add(r, pick(r, choose(female, bawmFemale, bawmMale)))
		n.add(r, fam.el)
	}
	bn, lat = n.strings()
	// Some registers copy the Latin name from the passport, in capitals.
	if adult && r.Float64() < 0.07 {
		lat = strings.ToUpper(lat)
	}
	return bn, lat
}

func choose[T any](cond bool, a, b T) T {
	if cond {
		return a
	}
	return b
}

// weighted is a list of items with weights, for drawing one at random.
type weighted[T any] struct {
	items []T
	cum   []float64
}

func (w weighted[T]) add(item T, weight float64) weighted[T] {
	total := 0.0
	if n := len(w.cum); n > 0 {
		total = w.cum[n-1]
	}
	// Copy: the receiver may share its arrays with another list.
	w.items = append(w.items[:len(w.items):len(w.items)], item)
	w.cum = append(w.cum[:len(w.cum):len(w.cum)], total+weight)
	return w
}

func (w weighted[T]) pick(r *rand.Rand) T {
	x := r.Float64() * w.cum[len(w.cum)-1]
	lo, hi := 0, len(w.cum)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if w.cum[mid] > x {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return w.items[lo]
}
