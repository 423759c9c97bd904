package config

import (
	"errors"
	"reflect"
	"testing"
)

func TestShortcodesAndSite(t *testing.T) {
	c, err := Parse([]byte(`
shortcodes:
  figureproc: {as: figure}
  sidenote: {as: quote, label: Side note}
site:
  baseurl: ""
  author: {name: Kim}
`))
	if err != nil {
		t.Fatal(err)
	}
	wantShortcodes := map[string]Shortcode{"figureproc": {As: "figure"}, "sidenote": {As: "quote", Label: "Side note"}}
	if !reflect.DeepEqual(c.Shortcodes, wantShortcodes) {
		t.Errorf("shortcodes = %v, want %v", c.Shortcodes, wantShortcodes)
	}
	wantSite := map[string]any{"baseurl": "", "author": map[string]any{"name": "Kim"}}
	if !reflect.DeepEqual(c.Site, wantSite) {
		t.Errorf("site = %#v, want %#v", c.Site, wantSite)
	}
}

func TestShortcodeErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"unknown meaning", "shortcodes:\n  box: {as: sidebar}\n",
			`book file: shortcode "box": as: "sidebar" is not one of figure, quote, code, link, drop, text`},
		{"missing meaning", "shortcodes:\n  box: {label: X}\n",
			`book file: shortcode "box": as: "" is not one of figure, quote, code, link, drop, text`},
		{"unknown key", "shortcodes:\n  box: {as: quote, kind: x}\n",
			"book file:2: field kind not found in type config.Shortcode"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src))
			var perr *ParseError
			if !errors.As(err, &perr) {
				t.Fatalf("err = %v, want a *ParseError", err)
			}
			if err.Error() != tt.want {
				t.Errorf("err = %q, want %q", err, tt.want)
			}
		})
	}
}
