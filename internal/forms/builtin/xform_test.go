package builtin_test

import (
	"bytes"
	"encoding/xml"
	"io"
	"slices"
	"testing"

	"github.com/remaker-bd/remaker/internal/forms/builtin"
	"github.com/remaker-bd/remaker/internal/forms/xform"
)

// TestConvertsToXForm: every built-in form becomes an XForm that devices
// can load: well-formed, carrying its form_id and version on the instance,
// with an English and a Bangla translation of the same texts, and nothing
// left out by the conversion.
func TestConvertsToXForm(t *testing.T) {
	for _, f := range builtin.All() {
		form := read(t, f)
		x, err := xform.Convert(form)
		if err != nil {
			t.Errorf("%s: %v", f.Name, err)
			continue
		}
		for _, n := range x.Notes {
			t.Errorf("%s: conversion note: %s", f.Name, n)
		}
		if len(x.MediaFiles) > 0 {
			t.Errorf("%s needs media files %q: built-in forms must stand alone", f.Name, x.MediaFiles)
		}
		var (
			instanceID, version string
			langs               []string
			texts               = map[string]int{}
			lang                string
			depth, modelDepth   int
		)
		dec := xml.NewDecoder(bytes.NewReader(x.XML))
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: the XForm is not well-formed: %v", f.Name, err)
			}
			switch el := tok.(type) {
			case xml.StartElement:
				depth++
				attr := func(name string) string {
					for _, a := range el.Attr {
						if a.Name.Local == name {
							return a.Value
						}
					}
					return ""
				}
				switch el.Name.Local {
				case "model":
					modelDepth = depth
				case "translation":
					lang = attr("lang")
					langs = append(langs, lang)
				case "text":
					texts[lang]++
				default:
					// The primary instance's root is the first element
					// inside the model's first <instance>.
					if instanceID == "" && depth == modelDepth+2 && attr("id") != "" {
						instanceID, version = attr("id"), attr("version")
					}
				}
			case xml.EndElement:
				depth--
			}
		}
		if instanceID != form.ID || version != form.Version {
			t.Errorf("%s: instance id %q version %q, want %q %q", f.Name, instanceID, version, form.ID, form.Version)
		}
		slices.Sort(langs)
		if !slices.Equal(langs, []string{langBN, langEN}) || texts[langEN] == 0 || texts[langEN] != texts[langBN] {
			t.Errorf("%s: translations %q with %v texts, want English and Bangla with the same texts", f.Name, langs, texts)
		}
	}
}
