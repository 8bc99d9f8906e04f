package web

import (
	"net/url"
	"strings"

	"github.com/remaker-bd/remaker/internal/forms/xlsform"
)

// The media of a form being filled in on the web: the pictures of labels
// are shown (served by fillMedia, forms_media.go, to those who may fill
// the form in); audio and video are offered as links, named by file.

// fillMedia is one file of a label.
type fillMedia struct {
	Kind string // image, audio or video
	Name string
	URL  string
}

// labelMedia lists the files of a question's or note's label in the form
// language, pictures first.
func (v *fillViewer) labelMedia(n *xlsform.Node) []fillMedia {
	if len(n.Media) == 0 || v.media == "" {
		return nil
	}
	var out []fillMedia
	seen := map[string]bool{}
	for _, kind := range []string{"big-image", "image", "audio", "video"} {
		name := strings.TrimSpace(n.Media[kind].Get(v.lang, v.s.Form.DefaultLanguage))
		if name == "" || name == "-" || seen[name] {
			continue
		}
		seen[name] = true
		k := kind
		if k == "big-image" {
			k = "image"
		}
		out = append(out, fillMedia{Kind: k, Name: name, URL: v.media + url.PathEscape(name)})
	}
	return out
}

// fillFromFile reports whether a select takes its choices from a CSV file,
// which the library has read into the question's choices when attached.
func fillFromFile(n *xlsform.Node) bool {
	return n.Type == xlsform.TypeSelectOneFromFile || n.Type == xlsform.TypeSelectMultipleFromFile
}
