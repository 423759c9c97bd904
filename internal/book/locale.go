package book

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Locale holds every word the book itself adds to the posts' text, in one
// language: both renderers print these strings, so the EPUB and the PDF
// always say the same thing.
type Locale struct {
	Lang      string // the primary language subtag, e.g. "fr"
	Contents  string // heading of the table of contents
	Chapter   string // chapter label; %d is the chapter's number
	Cover     string // the cover, as a navigation entry
	CoverAlt  string // the cover image's description; %s is the title
	TitlePage string // the title page, as a navigation entry
	Start     string // where reading begins, as a navigation entry
	Landmarks string // heading of the navigation's landmarks
	PageList  string // heading of the navigation's list of print pages
	Untitled  string // the title of a post or chapter that has none
	Months    [12]string
	dateForm  string // order of day (D), month (M) and year (Y)
}

// locales are the languages a book's own words are written in; any other
// language falls back to English.
var locales = map[string]*Locale{
	"en": {Lang: "en", Contents: "Contents", Chapter: "Chapter %d", Cover: "Cover", CoverAlt: "Cover of %s",
		TitlePage: "Title page", Start: "Start of the text", Landmarks: "Landmarks", Untitled: "Untitled",
		Months:   [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		dateForm: "M D, Y", PageList: "Pages"},
	"fr": {Lang: "fr", Contents: "Table des matières", Chapter: "Chapitre %d", Cover: "Couverture", CoverAlt: "Couverture de %s",
		TitlePage: "Page de titre", Start: "Début du texte", Landmarks: "Repères", Untitled: "Sans titre",
		Months:   [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		dateForm: "D M Y", PageList: "Pages"},
	"de": {Lang: "de", Contents: "Inhalt", Chapter: "Kapitel %d", Cover: "Umschlag", CoverAlt: "Umschlag von %s",
		TitlePage: "Titelseite", Start: "Textbeginn", Landmarks: "Orientierungspunkte", Untitled: "Ohne Titel",
		Months:   [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		dateForm: "D. M Y", PageList: "Seiten"},
	"es": {Lang: "es", Contents: "Índice", Chapter: "Capítulo %d", Cover: "Cubierta", CoverAlt: "Cubierta de %s",
		TitlePage: "Portada", Start: "Inicio del texto", Landmarks: "Puntos de referencia", Untitled: "Sin título",
		Months:   [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		dateForm: "D de M de Y", PageList: "Páginas"},
	"it": {Lang: "it", Contents: "Indice", Chapter: "Capitolo %d", Cover: "Copertina", CoverAlt: "Copertina di %s",
		TitlePage: "Frontespizio", Start: "Inizio del testo", Landmarks: "Punti di riferimento", Untitled: "Senza titolo",
		Months:   [12]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
		dateForm: "D M Y", PageList: "Pagine"},
	"nl": {Lang: "nl", Contents: "Inhoud", Chapter: "Hoofdstuk %d", Cover: "Omslag", CoverAlt: "Omslag van %s",
		TitlePage: "Titelpagina", Start: "Begin van de tekst", Landmarks: "Oriëntatiepunten", Untitled: "Zonder titel",
		Months:   [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
		dateForm: "D M Y", PageList: "Pagina's"},
	"pt": {Lang: "pt", Contents: "Índice", Chapter: "Capítulo %d", Cover: "Capa", CoverAlt: "Capa de %s",
		TitlePage: "Folha de rosto", Start: "Início do texto", Landmarks: "Pontos de referência", Untitled: "Sem título",
		Months:   [12]string{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
		dateForm: "D de M de Y", PageList: "Páginas"},
}

// LocaleFor returns the locale of a language tag ("fr-CA" gives French),
// English for a language the table lacks.
func LocaleFor(tag string) *Locale {
	if l, ok := locales[BaseLang(tag)]; ok {
		return l
	}
	return locales["en"]
}

// Langs lists the languages the locale table holds.
func Langs() []string {
	return []string{"de", "en", "es", "fr", "it", "nl", "pt"}
}

// BaseLang returns the primary subtag of a language tag: "fr" for "fr-CA".
func BaseLang(tag string) string {
	base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
	base, _, _ = strings.Cut(base, "_")
	return base
}

// Date writes a date the way readers of the language write it, e.g.
// "February 27, 2018" in English and "27 février 2018" in French. The date
// is shown in its own zone, as the post gave it.
func (l *Locale) Date(t time.Time) string {
	day := strconv.Itoa(t.Day())
	if l.Lang == "fr" && t.Day() == 1 {
		day = "1er"
	}
	r := strings.NewReplacer("D", day, "M", l.Months[t.Month()-1], "Y", strconv.Itoa(t.Year()))
	return r.Replace(l.dateForm)
}

// ChapterLabel is the label above a chapter's title: "Chapter 3".
func (l *Locale) ChapterLabel(n int) string { return fmt.Sprintf(l.Chapter, n) }

// CoverDescription describes the cover image of a book called title.
func (l *Locale) CoverDescription(title string) string { return fmt.Sprintf(l.CoverAlt, title) }

// FormatDate writes a date in the language lang: LocaleFor(lang).Date(t).
func FormatDate(t time.Time, lang string) string { return LocaleFor(lang).Date(t) }
