// Package config reads the book file, anthology.yaml, into a plain struct.
// The command line fills what the file leaves out and wins where both speak.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/confine"
	"gopkg.in/yaml.v3"
)

// DefaultName is the book file looked for in the current folder.
const DefaultName = "anthology.yaml"

// Config is the book file.
type Config struct {
	Title       string `yaml:"title"`
	Subtitle    string `yaml:"subtitle"`
	Author      string `yaml:"author"`
	Lang        string `yaml:"lang"`
	Description string `yaml:"description"`
	Cover       string `yaml:"cover"`

	// The metadata stores and catalogues read (see imprint.go): several
	// authors, the first one's sort name, publisher, identifiers, rights,
	// edition, series, contributors, subjects and the date of publication.
	Authors              []string      `yaml:"authors"`
	AuthorSort           string        `yaml:"author_sort"`
	Publisher            string        `yaml:"publisher"`
	ISBN                 string        `yaml:"isbn"`
	Identifier           string        `yaml:"identifier"`
	Rights               string        `yaml:"rights"`
	Edition              string        `yaml:"edition"`
	Series               Series        `yaml:"series"`
	Contributors         []Contributor `yaml:"contributors"`
	Subjects             []string      `yaml:"subjects"`
	SubjectsFromChapters bool          `yaml:"subjects_from_chapters"`
	Published            string        `yaml:"published"`

	// Printer names the print-on-demand service the book is made for, one
	// of Printers: the most pages one printed volume may have follows it
	// (MaxPages).
	Printer string `yaml:"printer"`

	// Decorative lists images that need no text alternative, by name or
	// glob ("ornament-*.png", "divider.svg"), matched against an image's
	// address and its file name.
	Decorative []string `yaml:"decorative"`
	// Accessibility overrides the EPUB's accessibility summary and names
	// who certified the book's accessibility.
	Accessibility Accessibility `yaml:"accessibility"`

	// BaseURL and Permalinks describe where the posts lived on the web,
	// e.g. "https://example.org" and "/:year/:month/:day/:slug/", so that
	// links between posts can point inside the book.
	BaseURL    string `yaml:"baseURL"`
	Permalinks string `yaml:"permalinks"`

	// Themes are the chapters the blogger asks for, in book order.
	Themes []Theme `yaml:"themes"`

	// Shortcodes give a blog's own Hugo shortcodes and Liquid tags a
	// meaning in the book, by name: figureproc: {as: figure}.
	Shortcodes map[string]Shortcode `yaml:"shortcodes"`
	// Site holds the values of the {{ site.* }} variables posts use, such
	// as baseurl; a variable it does not set is removed with a warning.
	Site map[string]any `yaml:"site"`

	// Fonts are TrueType font files (.ttf, or .ttc of TrueType faces)
	// for the scripts the bundled fonts lack, tried in order before the
	// fonts installed on the machine; a relative path is from the book
	// file's folder.
	Fonts []string `yaml:"fonts"`

	// Path is the file the config was read from; empty for defaults.
	Path string `yaml:"-"`
}

// Theme is one chapter rule of the book file.
type Theme struct {
	Name        string `yaml:"name"`
	Description string `yaml:"description,omitempty"` // printed under the chapter title
	// Match lists tags and categories that put a post in this theme, and
	// Aliases other spellings of them ("K8s"); case, accents, plurals and
	// separators do not count, and the name is matched too.
	Match   []string `yaml:"match,omitempty"`
	Aliases []string `yaml:"aliases,omitempty"`
	// Keywords are words and phrases looked for in titles and text.
	Keywords []string `yaml:"keywords,omitempty"`
	// Posts pins posts to this theme by slug or title.
	Posts []string `yaml:"posts,omitempty"`
}

// ShortcodeMeanings are the values Shortcode.As may take.
var ShortcodeMeanings = []string{"figure", "quote", "code", "link", "drop", "text"}

// Shortcode is the meaning the book file gives one of a blog's own tags.
type Shortcode struct {
	As    string `yaml:"as"`              // one of ShortcodeMeanings
	Label string `yaml:"label,omitempty"` // heads a quote or names a link
}

// Limits on the book file, checked before it is decoded: decoding YAML
// costs time in the square of a map's keys.
const (
	MaxBytes = 1 << 20 // 1 MB
	MaxKeys  = 10_000  // keys of all its maps, nested ones (site:) included
)

// Load reads the book file at path. It must be a regular file: a named
// pipe or a device is refused without being opened for reading.
func Load(path string) (*Config, error) {
	data, err := confine.ReadFile(path, MaxBytes)
	var notRegular *confine.NotRegularError
	var tooLarge *confine.TooLargeError
	if errors.As(err, &notRegular) || errors.As(err, &tooLarge) {
		return nil, &ParseError{File: path, Msg: pathless(err).Error()}
	}
	if err != nil {
		return nil, fmt.Errorf("read book file: %w", err)
	}
	c, err := Parse(data)
	var perr *ParseError
	if errors.As(err, &perr) {
		perr.File = path
	}
	if err != nil {
		return nil, err
	}
	c.Path = path
	return c, nil
}

// ParseError is a book file that cannot be read as one.
type ParseError struct {
	File string
	Line int // 0 when unknown
	Msg  string
}

func (e *ParseError) Error() string {
	name := book.FileName(e.File)
	if e.File == "" {
		name = "book file"
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", name, e.Line, e.Msg)
	}
	return name + ": " + e.Msg
}

var yamlLine = regexp.MustCompile(`^yaml: (?:unmarshal errors:\n\s*)?line (\d+): (.*)`)

// Parse decodes a book file. Unknown keys are an error, so that a typo does
// not silently change the book. Errors are *ParseError.
func Parse(data []byte) (*Config, error) {
	if len(data) > MaxBytes {
		return nil, &ParseError{Msg: (&confine.TooLargeError{Size: int64(len(data)), Limit: MaxBytes}).Error()}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, yamlError(err)
	}
	if line, over := confine.YAMLKeys(&doc, MaxKeys); over {
		return nil, &ParseError{Line: line, Msg: fmt.Sprintf("more than %d keys, the limit of a book file", MaxKeys)}
	}
	var c Config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil && !errors.Is(err, io.EOF) {
		return nil, yamlError(err)
	}
	for i, t := range c.Themes {
		if t.Name == "" {
			return nil, &ParseError{Msg: fmt.Sprintf("theme %d has no name", i+1)}
		}
	}
	if err := checkShortcodes(c.Shortcodes); err != nil {
		return nil, err
	}
	if err := c.checkImprint(); err != nil {
		return nil, err
	}
	c.Printer = strings.ToLower(strings.TrimSpace(c.Printer))
	if _, ok := Printers[c.Printer]; c.Printer != "" && !ok {
		return nil, &ParseError{Line: keyLine(&doc, "printer"),
			Msg: fmt.Sprintf("printer: %q is not one of %s", c.Printer, strings.Join(printerNames(), ", "))}
	}
	return &c, nil
}

// Printers are the print-on-demand services a book file may name, with
// the most pages each binds in one book: KDP 828, IngramSpark 1,200,
// Lulu 800.
var Printers = map[string]int{"kdp": 828, "ingram": 1200, "lulu": 800}

func printerNames() []string {
	names := make([]string, 0, len(Printers))
	for name := range Printers {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// MaxPages is the most pages one printed volume may have for the book
// file's printer, or 0 when it names none.
func (c *Config) MaxPages() int { return Printers[c.Printer] }

// keyLine returns the line of a top-level key of the book file, or 0.
func keyLine(doc *yaml.Node, key string) int {
	if len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		return 0
	}
	m := doc.Content[0].Content
	for i := 0; i+1 < len(m); i += 2 {
		if m[i].Value == key {
			return m[i+1].Line
		}
	}
	return 0
}

func yamlError(err error) *ParseError {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return &ParseError{Line: n, Msg: m[2]}
	}
	return &ParseError{Msg: err.Error()}
}

// pathless drops the path an *fs.PathError repeats.
func pathless(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func checkShortcodes(m map[string]Shortcode) error {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if !slices.Contains(ShortcodeMeanings, m[name].As) {
			return &ParseError{Msg: fmt.Sprintf("shortcode %q: as: %q is not one of %s", name, m[name].As, strings.Join(ShortcodeMeanings, ", "))}
		}
	}
	return nil
}
