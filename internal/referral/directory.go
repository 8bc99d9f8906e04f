package referral

// StarterOrg is a well-known organisation with the services it offers
// returnees, for loading into an empty service directory.
type StarterOrg struct {
	Code     string
	NameEn   string
	NameBn   string
	Kind     string // an organisation kind of the store: "government", "service_provider"
	Services []StarterService
}

// StarterService is one service of a StarterOrg. Every starter service is
// national (no areas): the offices are in every district or serve people
// from anywhere.
type StarterService struct {
	NameEn string
	NameBn string
	Type   string
	Notes  string
}

// StarterDirectory lists Bangladeshi government services that returnee
// reintegration programmes commonly refer people to. It is reference data,
// not part of the schema: the demo loads it, and an administrator can load
// it into a new installation (store.DB.LoadServiceDirectory) and then add
// contacts and local offices. Names are the bodies' own; no contact details
// are given here, because they change and must be checked locally before
// anyone is sent to them.
var StarterDirectory = []StarterOrg{
	{
		Code:   "WEWB",
		NameEn: "Wage Earners' Welfare Board",
		NameBn: "ওয়েজ আর্নার্স কল্যাণ বোর্ড",
		Kind:   "government",
		Services: []StarterService{
			{
				NameEn: "Compensation and death benefits for migrant workers' families",
				NameBn: "প্রবাসী কর্মীর পরিবারের জন্য ক্ষতিপূরণ ও মৃত্যুজনিত আর্থিক অনুদান",
				Type:   WageClaims,
				Notes:  "Financial grants for the families of workers who died abroad, and help pursuing compensation and dues from employers abroad.",
			},
			{
				NameEn: "Scholarships for migrant workers' children",
				NameBn: "প্রবাসী কর্মীর সন্তানদের শিক্ষাবৃত্তি",
				Type:   Education,
			},
			{
				NameEn: "Welfare desks for returning workers at the airports",
				NameBn: "বিমানবন্দরে ফেরত আসা কর্মীদের জন্য কল্যাণ ডেস্ক",
				Type:   SocialProtection,
				Notes:  "Help on arrival, including for workers who come back ill, injured or deported.",
			},
		},
	},
	{
		Code:   "BMET",
		NameEn: "Bureau of Manpower, Employment and Training (BMET)",
		NameBn: "জনশক্তি, কর্মসংস্থান ও প্রশিক্ষণ ব্যুরো (বিএমইটি)",
		Kind:   "government",
		Services: []StarterService{
			{
				NameEn: "Vocational training at Technical Training Centres (TTCs)",
				NameBn: "কারিগরি প্রশিক্ষণ কেন্দ্রে (টিটিসি) বৃত্তিমূলক প্রশিক্ষণ",
				Type:   SkillsTraining,
				Notes:  "BMET runs Technical Training Centres across the country; choose the one nearest the person.",
			},
			{
				NameEn: "District Employment and Manpower Offices (DEMO): registration, job information and pre-departure briefing",
				NameBn: "জেলা কর্মসংস্থান ও জনশক্তি অফিস (ডেমো): নিবন্ধন, চাকরির তথ্য ও বিদেশযাত্রার পূর্বপ্রস্তুতি",
				Type:   JobPlacement,
			},
			{
				NameEn: "Complaints against recruiting agencies (arbitration and compensation)",
				NameBn: "রিক্রুটিং এজেন্সির বিরুদ্ধে অভিযোগ (সালিশ ও ক্ষতিপূরণ)",
				Type:   WageClaims,
			},
		},
	},
	{
		Code:   "PKB",
		NameEn: "Probashi Kallyan Bank",
		NameBn: "প্রবাসী কল্যাণ ব্যাংক",
		Kind:   "government",
		Services: []StarterService{
			{
				NameEn: "Rehabilitation loans for returned migrant workers",
				NameBn: "ফেরত আসা প্রবাসী কর্মীদের জন্য পুনর্বাসন ঋণ",
				Type:   FinancialServices,
				Notes:  "The bank asks for the national ID card and papers of the work abroad: check the person has them before referring.",
			},
			{
				NameEn: "Migration loans",
				NameBn: "অভিবাসন ঋণ",
				Type:   FinancialServices,
			},
		},
	},
	{
		Code:   "DSS",
		NameEn: "Department of Social Services",
		NameBn: "সমাজসেবা অধিদফতর",
		Kind:   "government",
		Services: []StarterService{
			{
				NameEn: "Social safety-net allowances through the Upazila Social Services Offices",
				NameBn: "উপজেলা সমাজসেবা কার্যালয়ের মাধ্যমে সামাজিক নিরাপত্তা ভাতা",
				Type:   SocialProtection,
				Notes:  "Allowances such as those for older people, widows and persons with disabilities, each with its own eligibility rules.",
			},
		},
	},
	{
		Code:   "NLASO",
		NameEn: "National Legal Aid Services Organisation (NLASO)",
		NameBn: "জাতীয় আইনগত সহায়তা প্রদান সংস্থা",
		Kind:   "government",
		Services: []StarterService{
			{
				NameEn: "Free legal aid through the District Legal Aid Committees (DLAC)",
				NameBn: "জেলা লিগ্যাল এইড কমিটির মাধ্যমে বিনা খরচে আইনগত সহায়তা",
				Type:   LegalAid,
			},
		},
	},
	{
		Code:   "DYD",
		NameEn: "Department of Youth Development",
		NameBn: "যুব উন্নয়ন অধিদফতর",
		Kind:   "government",
		Services: []StarterService{
			{
				NameEn: "Skills training and self-employment loans for young people",
				NameBn: "যুবদের জন্য দক্ষতা প্রশিক্ষণ ও আত্মকর্মসংস্থান ঋণ",
				Type:   SkillsTraining,
			},
		},
	},
	{
		Code:   "DGHS",
		NameEn: "Directorate General of Health Services",
		NameBn: "স্বাস্থ্য অধিদফতর",
		Kind:   "government",
		Services: []StarterService{
			{
				NameEn: "Treatment at Upazila Health Complexes and district hospitals",
				NameBn: "উপজেলা স্বাস্থ্য কমপ্লেক্স ও জেলা হাসপাতালে চিকিৎসা",
				Type:   HealthCare,
			},
		},
	},
	{
		Code:   "DIP",
		NameEn: "Department of Immigration and Passports",
		NameBn: "ইমিগ্রেশন ও পাসপোর্ট অধিদফতর",
		Kind:   "government",
		Services: []StarterService{
			{
				NameEn: "Passports through the Regional Passport Offices",
				NameBn: "আঞ্চলিক পাসপোর্ট অফিসের মাধ্যমে পাসপোর্ট",
				Type:   Documentation,
			},
		},
	},
}
