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
	Lang     string // the primary language subtag, e.g. "fr"
	Contents string // heading of the table of contents
	Chapter  string // chapter label; %d is the chapter's number
	Volume   string // a printed book's volume, on its title page; %d is its number
	Cover    string // the cover, as a navigation entry
	CoverAlt string // the cover image's description; %s is the title
	// CoverAltBy describes the cover of a book with an author: %[1]s is
	// the title, %[2]s the author.
	CoverAltBy string
	TitlePage  string // the title page, as a navigation entry
	Start      string // where reading begins, as a navigation entry
	Landmarks  string // heading of the navigation's landmarks
	PageList   string // heading of the navigation's list of print pages
	Untitled   string // the title of a post or chapter that has none
	Months     [12]string
	dateForm   string // order of day (D), month (M) and year (Y)

	// The sentences of the EPUB's accessibility summary.
	a11y a11ySentences
}

// a11ySentences are the sentences an accessibility summary is made of,
// each stating one thing the build checked.
type a11ySentences struct {
	text      string // the text, its navigation and its styling
	images    string // every image has a text alternative or is decorative
	noAlt     string // %d is the number of images without one
	pages     string // the print edition's page numbers are marked
	conforms  string // the book meets the standard anthology checks
	noConform string // it does not, and why is above
}

// locales are the languages a book's own words are written in; any other
// language falls back to English.
var locales = map[string]*Locale{
	"en": {Lang: "en", Volume: "Volume %d", PageList: "Pages", Contents: "Contents", Chapter: "Chapter %d", Cover: "Cover", CoverAlt: "Cover of %s",
		TitlePage: "Title page", Start: "Start of the text", Landmarks: "Landmarks", Untitled: "Untitled",
		Months:     [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		dateForm:   "M D, Y",
		CoverAltBy: "Cover: %[1]s by %[2]s",
		a11y: a11ySentences{
			text:      "The text is structured: a table of contents, chapters and headings in reading order; it can be resized and restyled.",
			images:    "Every image has a text alternative, or is decorative.",
			noAlt:     "Images without a text alternative: %d.",
			pages:     "The page numbers of the print edition are marked.",
			conforms:  "It meets EPUB Accessibility 1.1 at WCAG 2.2 Level AA, as checked when it was made.",
			noConform: "It does not claim conformance to EPUB Accessibility 1.1.",
		}},
	"fr": {Lang: "fr", Volume: "Tome %d", PageList: "Pages", Contents: "Table des matières", Chapter: "Chapitre %d", Cover: "Couverture", CoverAlt: "Couverture de %s",
		TitlePage: "Page de titre", Start: "Début du texte", Landmarks: "Repères", Untitled: "Sans titre",
		Months:     [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		dateForm:   "D M Y",
		CoverAltBy: "Couverture : %[1]s, de %[2]s",
		a11y: a11ySentences{
			text:      "Le texte est structuré : table des matières, chapitres et intertitres dans l’ordre de lecture ; sa taille et sa police peuvent être modifiées.",
			images:    "Chaque image a un texte de remplacement, ou est décorative.",
			noAlt:     "Images sans texte de remplacement : %d.",
			pages:     "Les numéros de page de l’édition imprimée sont indiqués.",
			conforms:  "Il est conforme à EPUB Accessibility 1.1, niveau AA des WCAG 2.2, vérifié lors de sa fabrication.",
			noConform: "Il ne revendique pas la conformité à EPUB Accessibility 1.1.",
		}},
	"de": {Lang: "de", Volume: "Band %d", PageList: "Seiten", Contents: "Inhalt", Chapter: "Kapitel %d", Cover: "Umschlag", CoverAlt: "Umschlag von %s",
		TitlePage: "Titelseite", Start: "Textbeginn", Landmarks: "Orientierungspunkte", Untitled: "Ohne Titel",
		Months:     [12]string{"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
		dateForm:   "D. M Y",
		CoverAltBy: "Umschlag: %[1]s von %[2]s",
		a11y: a11ySentences{
			text:      "Der Text ist gegliedert: Inhaltsverzeichnis, Kapitel und Überschriften in Lesereihenfolge; Schriftgröße und Schriftart lassen sich anpassen.",
			images:    "Jedes Bild hat einen Alternativtext oder ist dekorativ.",
			noAlt:     "Bilder ohne Alternativtext: %d.",
			pages:     "Die Seitenzahlen der Druckausgabe sind markiert.",
			conforms:  "Es erfüllt EPUB Accessibility 1.1 auf WCAG-2.2-Stufe AA, geprüft bei der Erstellung.",
			noConform: "Es beansprucht keine Konformität mit EPUB Accessibility 1.1.",
		}},
	"es": {Lang: "es", Volume: "Tomo %d", PageList: "Páginas", Contents: "Índice", Chapter: "Capítulo %d", Cover: "Cubierta", CoverAlt: "Cubierta de %s",
		TitlePage: "Portada", Start: "Inicio del texto", Landmarks: "Puntos de referencia", Untitled: "Sin título",
		Months:     [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		dateForm:   "D de M de Y",
		CoverAltBy: "Cubierta: %[1]s, de %[2]s",
		a11y: a11ySentences{
			text:      "El texto está estructurado: índice, capítulos y encabezados en orden de lectura; se puede cambiar su tamaño y su estilo.",
			images:    "Cada imagen tiene un texto alternativo o es decorativa.",
			noAlt:     "Imágenes sin texto alternativo: %d.",
			pages:     "Se indican los números de página de la edición impresa.",
			conforms:  "Cumple EPUB Accessibility 1.1 con el nivel AA de WCAG 2.2, comprobado al crearlo.",
			noConform: "No declara conformidad con EPUB Accessibility 1.1.",
		}},
	"it": {Lang: "it", Volume: "Volume %d", PageList: "Pagine", Contents: "Indice", Chapter: "Capitolo %d", Cover: "Copertina", CoverAlt: "Copertina di %s",
		TitlePage: "Frontespizio", Start: "Inizio del testo", Landmarks: "Punti di riferimento", Untitled: "Senza titolo",
		Months:     [12]string{"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
		dateForm:   "D M Y",
		CoverAltBy: "Copertina: %[1]s, di %[2]s",
		a11y: a11ySentences{
			text:      "Il testo è strutturato: indice, capitoli e titoli nell’ordine di lettura; dimensione e stile del testo sono modificabili.",
			images:    "Ogni immagine ha un testo alternativo o è decorativa.",
			noAlt:     "Immagini senza testo alternativo: %d.",
			pages:     "Sono indicati i numeri di pagina dell’edizione a stampa.",
			conforms:  "È conforme a EPUB Accessibility 1.1 al livello AA delle WCAG 2.2, verificato alla creazione.",
			noConform: "Non dichiara la conformità a EPUB Accessibility 1.1.",
		}},
	"nl": {Lang: "nl", Volume: "Deel %d", PageList: "Pagina's", Contents: "Inhoud", Chapter: "Hoofdstuk %d", Cover: "Omslag", CoverAlt: "Omslag van %s",
		TitlePage: "Titelpagina", Start: "Begin van de tekst", Landmarks: "Oriëntatiepunten", Untitled: "Zonder titel",
		Months:     [12]string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
		dateForm:   "D M Y",
		CoverAltBy: "Omslag: %[1]s, door %[2]s",
		a11y: a11ySentences{
			text:      "De tekst is gestructureerd: inhoudsopgave, hoofdstukken en koppen in leesvolgorde; grootte en stijl van de tekst zijn aan te passen.",
			images:    "Elke afbeelding heeft een tekstalternatief of is decoratief.",
			noAlt:     "Afbeeldingen zonder tekstalternatief: %d.",
			pages:     "De paginanummers van de gedrukte uitgave zijn aangegeven.",
			conforms:  "Het voldoet aan EPUB Accessibility 1.1 op WCAG 2.2-niveau AA, gecontroleerd bij het maken.",
			noConform: "Het claimt geen conformiteit met EPUB Accessibility 1.1.",
		}},
	"pt": {Lang: "pt", Volume: "Volume %d", PageList: "Páginas", Contents: "Índice", Chapter: "Capítulo %d", Cover: "Capa", CoverAlt: "Capa de %s",
		TitlePage: "Folha de rosto", Start: "Início do texto", Landmarks: "Pontos de referência", Untitled: "Sem título",
		Months:     [12]string{"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
		dateForm:   "D de M de Y",
		CoverAltBy: "Capa: %[1]s, de %[2]s",
		a11y: a11ySentences{
			text:      "O texto está estruturado: índice, capítulos e títulos na ordem de leitura; o tamanho e o estilo do texto podem ser alterados.",
			images:    "Cada imagem tem um texto alternativo ou é decorativa.",
			noAlt:     "Imagens sem texto alternativo: %d.",
			pages:     "Os números de página da edição impressa estão indicados.",
			conforms:  "Está em conformidade com EPUB Accessibility 1.1, nível AA das WCAG 2.2, verificado na criação.",
			noConform: "Não declara conformidade com EPUB Accessibility 1.1.",
		}},
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
	// The form's letters D, M and Y stand for the day, month and year.
	var b strings.Builder
	for i := 0; i < len(l.dateForm); i++ {
		switch c := l.dateForm[i]; c {
		case 'D':
			b.WriteString(day)
		case 'M':
			b.WriteString(l.Months[t.Month()-1])
		case 'Y':
			b.WriteString(strconv.Itoa(t.Year()))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// VolumeLabel names a volume of a printed book split in several: "Volume 2".
func (l *Locale) VolumeLabel(n int) string { return fmt.Sprintf(l.Volume, n) }

// ChapterLabel is the label above a chapter's title: "Chapter 3".
func (l *Locale) ChapterLabel(n int) string { return fmt.Sprintf(l.Chapter, n) }

// CoverDescription describes the cover image of a book called title, by
// author when there is one.
func (l *Locale) CoverDescription(title, author string) string {
	if author == "" {
		return fmt.Sprintf(l.CoverAlt, title)
	}
	return fmt.Sprintf(l.CoverAltBy, title, author)
}

// AccessibilitySummary describes, in the locale's language, what a
// reader finds in the book: what b.Access says was checked.
func (l *Locale) AccessibilitySummary(b *Book) string {
	s := []string{l.a11y.text}
	switch n := len(b.Access.MissingAlt); {
	case n > 0:
		s = append(s, fmt.Sprintf(l.a11y.noAlt, n))
	case len(b.Images) > 0:
		s = append(s, l.a11y.images)
	}
	if b.Access.PageList {
		s = append(s, l.a11y.pages)
	}
	if b.Conforms() {
		s = append(s, l.a11y.conforms)
	} else {
		s = append(s, l.a11y.noConform)
	}
	return strings.Join(s, " ")
}

// FormatDate writes a date in the language lang: LocaleFor(lang).Date(t).
func FormatDate(t time.Time, lang string) string { return LocaleFor(lang).Date(t) }
