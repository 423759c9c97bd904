package book

import (
	"fmt"
	"strings"
	"time"
)

// monthNames are the month names of the languages a book's dates are
// written in; other languages fall back to English.
var monthNames = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
	"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	"it": {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
	"pt": {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
	"nl": {"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
}

// BaseLang returns the primary subtag of a language tag: "fr" for "fr-CA".
func BaseLang(tag string) string {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	base, _, _ = strings.Cut(base, "_")
	return base
}

// FormatDate writes a date the way readers of lang write it, e.g.
// "February 27, 2018" in English and "27 février 2018" in French. The date
// is shown in its own zone, as the post gave it.
func FormatDate(t time.Time, lang string) string {
	base := BaseLang(lang)
	names, ok := monthNames[base]
	if !ok {
		names, base = monthNames["en"], "en"
	}
	month := names[t.Month()-1]
	switch base {
	case "en":
		return fmt.Sprintf("%s %d, %d", month, t.Day(), t.Year())
	case "de":
		return fmt.Sprintf("%d. %s %d", t.Day(), month, t.Year())
	case "es", "pt":
		return fmt.Sprintf("%d de %s de %d", t.Day(), month, t.Year())
	case "fr":
		if t.Day() == 1 {
			return fmt.Sprintf("1er %s %d", month, t.Year())
		}
	}
	return fmt.Sprintf("%d %s %d", t.Day(), month, t.Year())
}
