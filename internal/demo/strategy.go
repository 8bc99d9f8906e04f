package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/remaker-bd/remaker/internal/study/analysis"
	"github.com/remaker-bd/remaker/internal/study/strategy"
)

// The draft strategy document of the demo study, in validation: sections
// in English and Bangla on the migration readiness of the CHT peoples,
// with quotes from the coded passages, tables from the survey, the
// consultation recommendations each section answers (one left open on
// purpose, so the document lists it as not yet addressed), and comments
// from the validation workshop, one resolved.

type strategyDemoSection struct {
	text strategy.Text
	// quotes are the beginnings of coded passages to quote.
	quotes []string
	// tables are analyses to show (kind table), charts as charts.
	tables, charts []analysis.Spec
	// recs are the recommendations the section addresses, by text start.
	recs []string
}

var strategyDemoSections = []strategyDemoSection{
	{text: strategy.Text{
		HeadingEN: "About this strategy", HeadingBN: "এই কৌশলপত্র সম্পর্কে",
		BodyEN: "Very few women and men of the eleven indigenous peoples of the Chittagong Hill Tracts find work abroad. " +
			"This strategy proposes how BMET and the Ministry of Expatriates' Welfare and Overseas Employment can change that, " +
			"based on a survey of households in Rangamati, Khagrachhari and Bandarban, focus group discussions, interviews " +
			"and consultations at every stage.\n\n" +
			"## How the evidence was gathered\n\n" +
			"- a household survey in the three hill districts, in Bangla with key terms in Chakma and Marma\n" +
			"- focus groups with men and women of the Chakma, Marma, Tripura, Tanchangya, Bawm and Mro peoples\n" +
			"- interviews with headmen and with the District Employment and Manpower Office\n" +
			"- four consultations with government, group representatives, the CHT Regional Council and CSOs",
		BodyBN: "পার্বত্য চট্টগ্রামের এগারোটি আদিবাসী জনগোষ্ঠীর খুব কম নারী ও পুরুষ বিদেশে কাজ পান। " +
			"এই কৌশলপত্রে প্রস্তাব করা হয়েছে কীভাবে বিএমইটি এবং প্রবাসী কল্যাণ ও বৈদেশিক কর্মসংস্থান মন্ত্রণালয় এই অবস্থা বদলাতে পারে। " +
			"এর ভিত্তি রাঙ্গামাটি, খাগড়াছড়ি ও বান্দরবানের খানা জরিপ, দলগত আলোচনা, সাক্ষাৎকার এবং প্রতিটি পর্যায়ের পরামর্শ সভা।\n\n" +
			"## তথ্য কীভাবে সংগ্রহ করা হয়েছে\n\n" +
			"- তিন পার্বত্য জেলায় খানা জরিপ, বাংলায়, মূল শব্দগুলো চাকমা ও মারমা ভাষায়\n" +
			"- চাকমা, মারমা, ত্রিপুরা, তঞ্চঙ্গ্যা, বম ও ম্রো জনগোষ্ঠীর নারী ও পুরুষের সঙ্গে দলগত আলোচনা\n" +
			"- হেডম্যান এবং জেলা কর্মসংস্থান ও জনশক্তি অফিসের সঙ্গে সাক্ষাৎকার\n" +
			"- সরকার, জনগোষ্ঠীর প্রতিনিধি, পার্বত্য চট্টগ্রাম আঞ্চলিক পরিষদ ও সুশীল সমাজের সঙ্গে চারটি পরামর্শ সভা"},
		recs: []string{"Translate the questionnaire", "Include the smaller groups"}},
	{text: strategy.Text{
		HeadingEN: "Who is ready to go, and with what skills", HeadingBN: "কে যেতে প্রস্তুত, কোন দক্ষতা নিয়ে",
		BodyEN: "Many young people say they would like to work abroad, but **few have the documents** or a skill that employers abroad ask for. " +
			"Readiness differs between groups: where relatives already work in Malaysia or the Gulf, people know the way; " +
			"elsewhere they have *no one to ask*.\n\n" +
			"The tables below come from the survey and are computed each time the document is read.",
		BodyBN: "অনেক তরুণ-তরুণী বলেন তাঁরা বিদেশে কাজ করতে চান, কিন্তু **খুব কম জনের কাগজপত্র আছে** বা এমন দক্ষতা আছে যা বিদেশের নিয়োগকর্তারা চান। " +
			"জনগোষ্ঠী ভেদে প্রস্তুতি আলাদা: যাঁদের আত্মীয় মালয়েশিয়া বা উপসাগরীয় দেশে কাজ করেন তাঁরা পথ জানেন; " +
			"অন্যদের *জিজ্ঞেস করার কেউ নেই*।\n\n" +
			"নিচের সারণিগুলো জরিপ থেকে নেওয়া এবং কৌশলপত্র যতবার পড়া হয় ততবার নতুন করে হিসাব করা হয়।"},
		quotes: []string{"Those without relatives abroad"},
		tables: []analysis.Spec{{Kind: analysis.KindReadiness}},
		charts: []analysis.Spec{{Kind: analysis.KindCrosstab, Question: "willing_abroad", By: "ethnic_group"}}},
	{text: strategy.Text{
		HeadingEN: "Information, brokers and cost", HeadingBN: "তথ্য, দালাল ও খরচ",
		BodyEN: "People in the hills rarely hear about BMET, the technical training centres or the Probashi Kallyan Bank. " +
			"The gap is filled by brokers, whom people do not trust after neighbours were cheated. Families mortgage jum land to pay, and lose it.\n\n" +
			"## What should change\n\n" +
			"1. A BMET help desk in each hill district headquarters, with staff who speak the local languages.\n" +
			"2. Pre-decision orientation in para centres, in Chakma, Marma, Tripura and Bangla.\n" +
			"3. Leaflets and radio programmes in local languages, naming the fees that are allowed.",
		BodyBN: "পাহাড়ের মানুষ বিএমইটি, কারিগরি প্রশিক্ষণ কেন্দ্র বা প্রবাসী কল্যাণ ব্যাংকের কথা খুব কম শোনেন। " +
			"এই শূন্যতা পূরণ করে দালালেরা, প্রতিবেশীরা প্রতারিত হওয়ার পর যাঁদের মানুষ বিশ্বাস করেন না। খরচ মেটাতে পরিবার জুমের জমি বন্ধক রাখে, তারপর তা হারায়।\n\n" +
			"## কী বদলানো দরকার\n\n" +
			"1. প্রতিটি পার্বত্য জেলা সদরে বিএমইটির সহায়তা ডেস্ক, যেখানে কর্মীরা স্থানীয় ভাষায় কথা বলেন।\n" +
			"2. পাড়া কেন্দ্রে সিদ্ধান্তের আগে প্রস্তুতিমূলক ধারণা, চাকমা, মারমা, ত্রিপুরা ও বাংলায়।\n" +
			"3. স্থানীয় ভাষায় লিফলেট ও রেডিও অনুষ্ঠান, যেখানে অনুমোদিত ফি-র কথা বলা থাকবে।"},
		quotes: []string{"We have never heard of BMET", "When a dalal came last year", "To pay the costs families mortgage land"},
		recs:   []string{"Set up a BMET help desk", "Run pre-decision orientation"}},
	{text: strategy.Text{
		HeadingEN: "Women who want to work abroad", HeadingBN: "যে নারীরা বিদেশে কাজ করতে চান",
		BodyEN: "Some women would go to work in garments or care abroad if it was safe, but children and elders keep them home. " +
			"Support for the family left behind must come with any offer to women.",
		BodyBN: ""},
		quotes: []string{"Who will look after the children"}},
}

// strategyDemoComments are comments from the validation workshop: on
// which section (index), by whom, and the resolution if resolved.
var strategyDemoComments = []struct {
	section          int
	user, body, note string
}{
	{section: 2, user: "warbe.worker", body: "Name the fees that are allowed in the leaflets, or brokers will keep charging more.",
		note: "Added to point 3: the leaflets name the allowed fees."},
	{section: 3, user: "bnsk.manager", body: "This section needs a Bangla text before the workshop, and figures on women's willingness."},
}

// strategySeed writes the demo study's strategy document. It runs after
// the study and its survey responses.
func (w *writer) strategySeed(ctx context.Context) error {
	lead, err := w.actor("rmmru.manager")
	if err != nil {
		return err
	}
	studies, err := w.db.ListStudies(ctx, lead)
	if err != nil || len(studies) == 0 {
		return fmt.Errorf("demo strategy: no study: %v", err)
	}
	s := studies[len(studies)-1]
	doc, err := w.db.CreateStrategyDocument(ctx, lead, strategy.Document{StudyID: s.ID,
		TitleEN: "Towards safe overseas employment for the peoples of the Chittagong Hill Tracts: draft strategy",
		TitleBN: "পার্বত্য চট্টগ্রামের জনগোষ্ঠীর নিরাপদ বৈদেশিক কর্মসংস্থানের পথে: খসড়া কৌশলপত্র"})
	if err != nil {
		return fmt.Errorf("demo strategy: %w", err)
	}
	quotes, err := w.db.StrategyQuotes(ctx, lead, s.ID)
	if err != nil {
		return err
	}
	recs, err := w.db.ConsultRecommendations(ctx, lead, s.ID, false)
	if err != nil {
		return err
	}
	version := doc.Version
	var sections []strategy.Section
	for i, d := range strategyDemoSections {
		sec, err := w.db.AddStrategySection(ctx, lead, s.ID, version, d.text)
		if err != nil {
			return fmt.Errorf("demo strategy section %d: %w", i+1, err)
		}
		version++
		sections = append(sections, sec)
		for _, start := range d.quotes {
			id := ""
			for _, q := range quotes {
				if strings.HasPrefix(q.Excerpt, start) {
					id = q.PassageID
				}
			}
			if _, err := w.db.AddStrategyBlock(ctx, lead, sec.ID, strategy.Block{Kind: strategy.BlockQuote, SourceID: id}); err != nil {
				return fmt.Errorf("demo strategy quote %q: %w", start, err)
			}
		}
		for _, kinds := range []struct {
			kind  string
			specs []analysis.Spec
		}{{strategy.BlockTable, d.tables}, {strategy.BlockChart, d.charts}} {
			kind := kinds.kind
			for _, spec := range kinds.specs {
				b, _ := json.Marshal(spec)
				if _, err := w.db.AddStrategyBlock(ctx, lead, sec.ID, strategy.Block{Kind: kind, Spec: string(b)}); err != nil {
					return fmt.Errorf("demo strategy %s %s: %w", kind, b, err)
				}
			}
		}
		for _, start := range d.recs {
			for _, r := range recs {
				if strings.HasPrefix(r.TextEN, start) {
					if err := w.db.LinkStrategyRecommendation(ctx, lead, sec.ID, r.ID); err != nil {
						return fmt.Errorf("demo strategy link %s: %w", r.Ref, err)
					}
				}
			}
		}
	}
	// The help desk recommendation shown as evidence where it is answered.
	for _, r := range recs {
		if strings.HasPrefix(r.TextEN, "Set up a BMET help desk") {
			if _, err := w.db.AddStrategyBlock(ctx, lead, sections[2].ID, strategy.Block{Kind: strategy.BlockRecommendation, SourceID: r.ID,
				CaptionEN: "Raised at the field consultation", CaptionBN: "মাঠ পর্যায়ের পরামর্শ সভায় উঠে আসা"}); err != nil {
				return fmt.Errorf("demo strategy recommendation block: %w", err)
			}
		}
	}
	// Section 2 is revised once, so its history has two versions.
	revised := strategyDemoSections[1].text
	revised.BodyEN += " Groups with fewer than five respondents are not shown."
	revised.BodyBN += " পাঁচজনের কম উত্তরদাতার জনগোষ্ঠী দেখানো হয়নি।"
	if _, err := w.db.SaveStrategySection(ctx, lead, sections[1].ID, sections[1].Version, revised); err != nil {
		return fmt.Errorf("demo strategy revision: %w", err)
	}
	for _, c := range strategyDemoComments {
		a, err := w.actor(c.user)
		if err != nil {
			return err
		}
		made, err := w.db.AddStrategyComment(ctx, a, sections[c.section].ID, c.body)
		if err != nil {
			return fmt.Errorf("demo strategy comment: %w", err)
		}
		if c.note != "" {
			if _, err := w.db.ResolveStrategyComment(ctx, lead, made.ID, c.note); err != nil {
				return fmt.Errorf("demo strategy resolution: %w", err)
			}
		}
	}
	return nil
}
