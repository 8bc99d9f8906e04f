package names_test

import (
	"fmt"

	"github.com/remaker-bd/remaker/internal/registry/names"
)

func ExampleNormalize() {
	fmt.Println(names.Normalize("Md. Abdur Rahim"))
	fmt.Println(names.Normalize("  MST.  Rina Khatoon "))
	fmt.Println(names.Normalize("মোঃ আবদুর রহিম।"))
	// Output:
	// mohammad abdul rahim
	// mosammat rina khatun
	// মোহাম্মদ আব্দুল রহিম
}

func ExampleSearchKeys() {
	fmt.Println(names.SearchKeys("Abdur Rahim"))
	fmt.Println(names.SearchKeys("আব্দুর রহিম"))
	// Output:
	// [abdul rahim abdur ~abdl ~rhm]
	// [আব্দুল রহিম আব্দুর ~abdl ~rhm]
}

func ExampleQueryKeys() {
	terms, prefix := names.QueryKeys("Rina Kha")
	fmt.Println(terms, prefix)
	// Output:
	// [rina kha ~rn ~k] kha
}

func ExampleSimilarity() {
	for _, p := range [][2]string{
		{"Md. Abdur Rahim", "মোঃ আব্দুর রহিম"},
		{"Mst. Rina Khatun", "Mosammat Rina Khatoon"},
		{"Ching Marma", "Chinu Marma"},
		{"Abdur Rahim", "Abdur Karim"},
	} {
		s := names.Similarity(p[0], p[1])
		fmt.Printf("%.2f %v\n", s, s >= names.DuplicateThreshold)
	}
	// Output:
	// 0.98 true
	// 1.00 true
	// 0.72 false
	// 0.33 false
}
