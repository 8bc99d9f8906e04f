package collect

import (
	"strings"
	"testing"
)

func TestCheckMediaName(t *testing.T) {
	for name, ok := range map[string]bool{
		"logo.png": true, "ছবি ১.jpg": true, "my file (2).csv": true,
		"": false, "../logo.png": false, "a/b.png": false, `a\b.png`: false, "..": false, ".hidden": false,
		"c:logo.png": false, "bad\x00.png": false, "tab\t.png": false, strings.Repeat("a", 201): false,
	} {
		if got := checkMediaName(name) == ""; got != ok {
			t.Errorf("checkMediaName(%q) accepted = %v, want %v", name, got, ok)
		}
	}
}

func FuzzCheckMediaName(f *testing.F) {
	for _, s := range []string{"logo.png", "../x", "a/b", `a\b`, ".x", "\xff.png"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if checkMediaName(name) != "" {
			return
		}
		if name == "" || strings.ContainsAny(name, `/\:`) || strings.HasPrefix(name, ".") || len(name) > maxMediaName {
			t.Fatalf("accepted %q", name)
		}
	})
}
