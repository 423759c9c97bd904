package config

import (
	"fmt"
	"path"
	"regexp"
	"strings"
	"time"
)

// Series is the series a book belongs to: its name and the book's number
// in it ("2", or "2.5" for a book between two).
type Series struct {
	Name   string `yaml:"name"`
	Number string `yaml:"number"`
}

// Contributor is someone besides the authors who made the book, with a
// MARC relator code as role: "edt" editor, "ill" illustrator, "trl"
// translator, "pht" photographer, "aui" author of introduction...
type Contributor struct {
	Name string `yaml:"name"`
	Role string `yaml:"role"`
}

// Accessibility is the book file's word on the EPUB's accessibility:
// a summary to use instead of the one written from anthology's checks,
// and who certified the book (EPUB Accessibility's a11y:certifiedBy,
// a11y:certifierCredential, a11y:certifierReport).
type Accessibility struct {
	Summary     string `yaml:"summary"`
	CertifiedBy string `yaml:"certified_by"`
	Credential  string `yaml:"credential"`
	Report      string `yaml:"report"`
}

var (
	relatorCode  = regexp.MustCompile(`^[a-z]{3}$`)
	seriesNumber = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)
)

// checkImprint refuses store metadata a store would refuse: an ISBN whose
// check digit is wrong, a date that is not one, a role that is not a MARC
// relator code.
func (c *Config) checkImprint() error {
	if c.ISBN != "" {
		if _, err := ISBN(c.ISBN); err != nil {
			return &ParseError{Msg: fmt.Sprintf("isbn: %v", err)}
		}
	}
	if c.Author != "" && len(c.Authors) > 0 {
		return &ParseError{Msg: "give author: or authors:, not both"}
	}
	if c.Published != "" {
		if _, err := PublishedDate(c.Published); err != nil {
			return &ParseError{Msg: fmt.Sprintf("published: %v", err)}
		}
	}
	if n := c.Series.Number; n != "" && !seriesNumber.MatchString(n) {
		return &ParseError{Msg: fmt.Sprintf("series: number: %q is not a number", n)}
	}
	if c.Series.Number != "" && strings.TrimSpace(c.Series.Name) == "" {
		return &ParseError{Msg: "series: a number needs a name"}
	}
	for i, p := range c.Contributors {
		if strings.TrimSpace(p.Name) == "" {
			return &ParseError{Msg: fmt.Sprintf("contributors: contributor %d has no name", i+1)}
		}
		if !relatorCode.MatchString(p.Role) {
			return &ParseError{Msg: fmt.Sprintf("contributors: %q: role %q is not a MARC relator code such as edt, ill or trl", p.Name, p.Role)}
		}
	}
	for _, g := range c.Decorative {
		if _, err := path.Match(g, ""); err != nil {
			return &ParseError{Msg: fmt.Sprintf("decorative: %q is not a valid pattern", g)}
		}
	}
	return nil
}

// ISBN returns an ISBN-10 or ISBN-13 as digits only (an ISBN-10 may end
// in X), once hyphens and spaces are gone and its check digit is right.
func ISBN(s string) (string, error) {
	digits := strings.ToUpper(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimPrefix(strings.TrimSpace(s), "urn:isbn:")))
	switch len(digits) {
	case 10:
		sum := 0
		for i, r := range digits {
			var v int
			switch {
			case r >= '0' && r <= '9':
				v = int(r - '0')
			case r == 'X' && i == 9:
				v = 10
			default:
				return "", fmt.Errorf("%q is not an ISBN: an ISBN-10 is 9 digits and a digit or X", s)
			}
			sum += (10 - i) * v
		}
		if sum%11 != 0 {
			return "", fmt.Errorf("%q is not an ISBN: its check digit is wrong", s)
		}
	case 13:
		sum := 0
		for i, r := range digits {
			if r < '0' || r > '9' {
				return "", fmt.Errorf("%q is not an ISBN: an ISBN-13 is 13 digits", s)
			}
			w := 1
			if i%2 == 1 {
				w = 3
			}
			sum += w * int(r-'0')
		}
		if sum%10 != 0 {
			return "", fmt.Errorf("%q is not an ISBN: its check digit is wrong", s)
		}
	default:
		return "", fmt.Errorf("%q is not an ISBN: it has %d digits, not 10 or 13", s, len(digits))
	}
	return digits, nil
}

// PublishedDate checks a date of publication as the EPUB's dc:date takes
// it, a year, a month or a day ("2024", "2024-05", "2024-05-01"), and
// returns it as given.
func PublishedDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"2006", "2006-01", "2006-01-02"} {
		if len(s) == len(layout) {
			if _, err := time.Parse(layout, s); err == nil {
				return s, nil
			}
		}
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Format("2006-01-02"), nil
	}
	return "", fmt.Errorf("%q is not a date: write 2024, 2024-05 or 2024-05-01", s)
}
