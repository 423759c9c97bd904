package config

import (
	"strings"
	"testing"
)

func TestISBN(t *testing.T) {
	for _, c := range []struct {
		in, want string
		ok       bool
	}{
		{"978-2-07-036822-8", "9782070368228", true},
		{"2-07-036822-X", "207036822X", true},
		{"2-07-036822-5", "", false},
		{"0-306-40615-2", "0306406152", true},
		{"080442957X", "080442957X", true},
		{"978-2-07-036822-9", "", false},
		{"12345", "", false},
		{"urn:isbn:9780306406157", "9780306406157", true},
	} {
		got, err := ISBN(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ISBN(%q) = %q, %v; want %q, ok %v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestImprint(t *testing.T) {
	c, err := Parse([]byte(`
authors: [Ann Example, Bob Example]
author_sort: "Example, Ann"
publisher: Éditions du Lac
isbn: 978-0-306-40615-7
rights: © 2024 Ann Example
series: {name: Notes, number: 2}
contributors: [{name: Carla Trad, role: trl}]
subjects: [COM000000, travel]
subjects_from_chapters: true
published: 2024-05-01
decorative: ["divider-*.png"]
accessibility: {summary: Read me., certified_by: ACME}
`))
	if err != nil {
		t.Fatal(err)
	}
	if c.Published != "2024-05-01" || c.Series.Number != "2" || len(c.Authors) != 2 || c.Contributors[0].Role != "trl" || c.Accessibility.CertifiedBy != "ACME" {
		t.Errorf("parsed %+v", c)
	}
	for in, want := range map[string]string{
		"isbn: 978-0-306-40615-8":                 "check digit",
		"published: 5 May":                        "not a date",
		"series: {name: S, number: two}":          "not a number",
		"contributors: [{name: X, role: editor}]": "MARC relator",
		"author: A\nauthors: [B]":                 "not both",
		"decorative: ['[']":                       "not a valid pattern",
		"a11y_summary: x":                         "not found",
	} {
		if _, err := Parse([]byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want an error with %q", in, err, want)
		}
	}
}
