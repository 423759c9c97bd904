package pdf

import (
	"fmt"
	"hash/fnv"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/image/font/sfnt"

	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/confine"
	"github.com/anthology-book/anthology/internal/markup"
)

// FontSearch says where the PDF looks for fonts for the characters the
// bundled fonts lack (Chinese, Japanese, Korean, and any other script but
// Latin, Greek, Cyrillic, Arabic and Hebrew): the files named first, in
// their order, then the fonts installed in Dirs.
//
// Only TrueType outlines can be embedded (fpdf's limit): a .ttf, a face of
// a .ttc collection, or an .otf holding TrueType glyphs; CFF fonts (most
// .otf files, Noto CJK among them) are passed over.
type FontSearch struct {
	// Files are font files the book names (the book file's fonts:),
	// tried before any installed font.
	Files []string
	// Dirs are the folders searched for installed fonts, with their
	// subfolders; nil means SystemFontDirs.
	Dirs []string
}

// SystemFontDirs returns the folders fontconfig reads fonts from: the
// <dir> entries of /etc/fonts/fonts.conf and the usual defaults, those
// that exist, each once.
func SystemFontDirs() []string {
	home, _ := os.UserHomeDir()
	dataHome := os.Getenv("XDG_DATA_HOME")
	if dataHome == "" && home != "" {
		dataHome = filepath.Join(home, ".local", "share")
	}
	var dirs []string
	if conf, err := os.ReadFile("/etc/fonts/fonts.conf"); err == nil {
		dirs = fontconfigDirs(string(conf), home, dataHome)
	}
	dirs = append(dirs, "/usr/share/fonts", "/usr/local/share/fonts")
	if home != "" {
		dirs = append(dirs, filepath.Join(home, ".fonts"), filepath.Join(home, ".local", "share", "fonts"))
	}
	var out []string
	for _, d := range dirs {
		if st, err := os.Stat(d); err == nil && st.IsDir() && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

var dirElement = regexp.MustCompile(`<dir(\s[^>]*)?>([^<]*)</dir>`)

// fontconfigDirs reads the <dir> entries of a fontconfig file: "~" is
// home, and prefix="xdg" puts a relative folder under dataHome.
func fontconfigDirs(conf, home, dataHome string) []string {
	var dirs []string
	for _, m := range dirElement.FindAllStringSubmatch(conf, -1) {
		d := strings.TrimSpace(m[2])
		switch {
		case d == "":
			continue
		case strings.Contains(m[1], `prefix="xdg"`):
			if dataHome == "" {
				continue
			}
			d = filepath.Join(dataHome, d)
		case d == "~" || strings.HasPrefix(d, "~/"):
			if home == "" {
				continue
			}
			d = filepath.Join(home, d[1:])
		}
		if filepath.IsAbs(d) {
			dirs = append(dirs, filepath.Clean(d))
		}
	}
	return dirs
}

// fontFace is one face of a font file that fpdf can embed: index is its
// place in a collection, -1 in a single font.
type fontFace struct {
	path  string
	index int
}

// fallbackFamily names the fpdf family of a fallback face, the same in
// every book of the machine.
func fallbackFamily(c fontFace) string {
	name := strings.TrimSuffix(filepath.Base(c.path), filepath.Ext(c.path))
	name = strings.Map(func(r rune) rune {
		if r < 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			return r
		}
		return -1
	}, name)
	h := fnv.New32a()
	h.Write([]byte(c.String()))
	return fmt.Sprintf("fallback%s%08x", name, h.Sum32())
}

func (c fontFace) String() string {
	if c.index < 0 {
		return c.path
	}
	return fmt.Sprintf("%s (face %d)", c.path, c.index)
}

// installed lists the faces in dirs, by path, once per process for each
// list of folders.
var installed struct {
	sync.Mutex
	faces map[string][]fontFace
}

func installedFaces(dirs []string) []fontFace {
	key := strings.Join(dirs, "\x00")
	installed.Lock()
	defer installed.Unlock()
	if faces, ok := installed.faces[key]; ok {
		return faces
	}
	var faces []fontFace
	for _, dir := range dirs {
		_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // an unreadable folder has no fonts for us
			}
			if d.Type().IsRegular() && isFontName(path) {
				faces = append(faces, embeddableFaces(path)...)
			}
			return nil
		})
	}
	if installed.faces == nil {
		installed.faces = map[string][]fontFace{}
	}
	installed.faces[key] = faces
	return faces
}

// styleRank orders faces that have the same characters: a regular face
// before a bold, italic, light or narrow one, which text is not set in.
func styleRank(c fontFace) int {
	name := strings.ToLower(filepath.Base(c.path))
	rank := 0
	for _, w := range []string{"bold", "italic", "oblique", "black", "heavy", "light", "thin", "condensed", "narrow", "mono", "semi", "extra", "medium"} {
		if strings.Contains(name, w) {
			rank++
		}
	}
	return rank
}

func isFontName(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".ttf", ".ttc", ".otf":
		return true
	}
	return false
}

// embeddableFaces returns the faces of a font file that fpdf can embed,
// reading only its table directories.
func embeddableFaces(path string) []fontFace {
	f, err := confine.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	offsets, err := faceOffsets(f)
	if err != nil {
		return nil
	}
	var out []fontFace
	for i, off := range offsets {
		if _, err := tableDirectory(f, off); err != nil {
			continue
		}
		idx := i
		if len(offsets) == 1 && off == 0 {
			idx = -1
		}
		out = append(out, fontFace{path: path, index: idx})
	}
	return out
}

// loaded keeps the fallback fonts read, by face, for the process.
var loaded struct {
	sync.Mutex
	files map[fontFace]*fontFile
	errs  map[fontFace]error
}

// loadFace reads a face whole, as fpdf will embed it, once per process.
func loadFace(c fontFace) (*fontFile, error) {
	loaded.Lock()
	defer loaded.Unlock()
	if ff, ok := loaded.files[c]; ok {
		return ff, nil
	}
	if err, ok := loaded.errs[c]; ok {
		return nil, err
	}
	ff, err := readFace(c)
	if loaded.files == nil {
		loaded.files, loaded.errs = map[fontFace]*fontFile{}, map[fontFace]error{}
	}
	if err != nil {
		loaded.errs[c] = err
		return nil, err
	}
	loaded.files[c] = ff
	return ff, nil
}

// maxFontBytes bounds a font file read whole: the largest CJK fonts are
// some 20 MB.
const maxFontBytes = 64 << 20

func readFace(c fontFace) (*fontFile, error) {
	data, err := confine.ReadFile(c.path, maxFontBytes)
	if err != nil {
		return nil, fmt.Errorf("read font: %w", err)
	}
	offs, err := faceOffsets(bytesReaderAt(data))
	if err != nil {
		return nil, fmt.Errorf("read font %q: %w", c.path, err)
	}
	i := max(c.index, 0)
	if i >= len(offs) {
		return nil, fmt.Errorf("read font %q: no face %d", c.path, i)
	}
	if c.index >= 0 {
		if data, err = extractFace(data, offs[i]); err != nil {
			return nil, fmt.Errorf("read font %s: %w", c, err)
		}
	} else if _, err := tableDirectory(bytesReaderAt(data), 0); err != nil {
		return nil, fmt.Errorf("use font %q: %w (give a TrueType font: .ttf, or a .ttc of TrueType faces)", c.path, err)
	}
	return parseFontFile(c.String(), fallbackFamily(c), "", data)
}

// cmaps keeps the cmap of each face tried, for the process: a book tries
// every installed face on each script it lacks a font for.
var cmaps struct {
	sync.Mutex
	of map[fontFace]cmap4
}

// cmapOf returns the format 4 cmap of a face, nil when it cannot be read.
func cmapOf(c fontFace) cmap4 {
	cmaps.Lock()
	defer cmaps.Unlock()
	if t, ok := cmaps.of[c]; ok {
		return t
	}
	var t cmap4
	if f, err := confine.Open(c.path); err == nil {
		if offs, err := faceOffsets(f); err == nil && max(c.index, 0) < len(offs) {
			t, _ = readCmap4(f, offs[max(c.index, 0)])
		}
		f.Close()
	}
	if cmaps.of == nil {
		cmaps.of = map[fontFace]cmap4{}
	}
	cmaps.of[c] = t
	return t
}

// coverage tells how many runes of a sample a face has, reading only its
// cmap, as fpdf will.
func coverage(c fontFace, sample []rune) int {
	t := cmapOf(c)
	n := 0
	for _, r := range sample {
		if t.has(r) {
			n++
		}
	}
	return n
}

// maxFallbacks bounds the fallback fonts of a book.
const maxFallbacks = 8

// sampleSize is how many characters of each script a candidate font is
// tried on before the best is read whole.
const sampleSize = 24

// chooseFallbacks picks fonts for the characters need counts, which the
// bundled fonts lack: first each font the book names that has any, in
// their order, then installed fonts, the one that has most of a sample of
// what is still missing first. It returns the fonts and the characters
// none has.
func chooseFallbacks(need map[rune]int, search FontSearch) ([]*fontFile, map[rune]int, error) {
	remaining := maps.Clone(need)
	var chosen []*fontFile
	take := func(ff *fontFile) {
		chosen = append(chosen, ff)
		var buf sfnt.Buffer
		for r := range remaining {
			if ff.glyphAdvance(&buf, r) >= 0 {
				delete(remaining, r)
			}
		}
	}
	for _, path := range search.Files {
		if len(remaining) == 0 {
			break
		}
		faces := embeddableFaces(path)
		if len(faces) == 0 {
			if _, err := os.Stat(path); err != nil {
				return nil, nil, fmt.Errorf("use font: %w", err)
			}
			return nil, nil, fmt.Errorf("use font %q: not a TrueType font that can be embedded (give a .ttf, or a .ttc of TrueType faces)", path)
		}
		for _, c := range faces {
			if coverage(c, coverageSample(remaining)) == 0 {
				continue
			}
			ff, err := loadFace(c)
			if err != nil {
				return nil, nil, err
			}
			take(ff)
		}
	}
	if len(remaining) == 0 {
		return chosen, remaining, nil
	}
	dirs := search.Dirs
	if dirs == nil {
		dirs = SystemFontDirs()
	}
	candidates := installedFaces(dirs)
	tried := map[fontFace]bool{}
	for len(remaining) > 0 && len(chosen) < maxFallbacks {
		s := coverageSample(remaining)
		best, bestN := fontFace{}, 0
		for _, c := range candidates {
			if tried[c] {
				continue
			}
			if n := coverage(c, s); n > bestN || n == bestN && n > 0 && styleRank(c) < styleRank(best) {
				best, bestN = c, n
			}
		}
		if bestN == 0 {
			break
		}
		tried[best] = true
		ff, err := loadFace(best)
		if err != nil {
			continue // a broken installed font is passed over
		}
		take(ff)
	}
	return chosen, remaining, nil
}

// coverageSample returns the characters a candidate font is tried on: of each
// script still missing, the most frequent, in a fixed order.
func coverageSample(remaining map[rune]int) []rune {
	byScript := map[string][]rune{}
	for r := range remaining {
		s := scriptOf(r)
		byScript[s] = append(byScript[s], r)
	}
	names := make([]string, 0, len(byScript))
	for s := range byScript {
		names = append(names, s)
	}
	sort.Strings(names)
	var out []rune
	for _, s := range names {
		rs := byScript[s]
		sort.Slice(rs, func(i, j int) bool {
			if remaining[rs[i]] != remaining[rs[j]] {
				return remaining[rs[i]] > remaining[rs[j]]
			}
			return rs[i] < rs[j]
		})
		out = append(out, rs[:min(len(rs), sampleSize)]...)
	}
	return out
}

// scriptOf names the Unicode script of r; "Common" for symbols and
// punctuation that belong to none.
func scriptOf(r rune) string {
	for _, name := range scriptOrder {
		if unicode.Is(unicode.Scripts[name], r) {
			return name
		}
	}
	return "Common"
}

// scriptOrder lists the scripts scriptOf tries, the likeliest first.
var scriptOrder = func() []string {
	first := []string{"Han", "Hiragana", "Katakana", "Hangul", "Arabic", "Hebrew", "Thai", "Devanagari", "Bengali", "Tamil", "Greek", "Cyrillic", "Latin", "Common", "Inherited"}
	var rest []string
	for name := range unicode.Scripts {
		if !slices.Contains(first, name) {
			rest = append(rest, name)
		}
	}
	sort.Strings(rest)
	return append(first, rest...)
}()

// needsFont reports whether a character missing from every font stops
// the build: a letter of a script, which a font can supply. Symbols and
// punctuation keep their marker and warning, and so does any character
// past the Basic Multilingual Plane, which fpdf cannot print whatever the
// font.
func needsFont(r rune) bool {
	if r > 0xFFFF {
		return false
	}
	s := scriptOf(r)
	return s != "Common" && s != "Inherited"
}

// MissingFontError is the build stopping because no font has the letters
// of a script the book uses.
type MissingFontError struct {
	// Scripts are the scripts without a font, by name, with how many
	// characters of each the book has.
	Scripts []ScriptCount
}

// ScriptCount is how many characters of a script a book has.
type ScriptCount struct {
	Script string
	Count  int
}

func (e *MissingFontError) Error() string {
	var parts []string
	total := 0
	for _, s := range e.Scripts {
		parts = append(parts, fmt.Sprintf("%s %s", thousands(s.Count), s.Script))
		total += s.Count
	}
	list := strings.Join(parts, ", ")
	if n := len(parts); n > 1 {
		list = strings.Join(parts[:n-1], ", ") + " and " + parts[n-1]
	}
	return fmt.Sprintf("no font can print the book's %s character%s in the PDF", list, plural(total))
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// Hint says how to supply a font for the scripts.
func (e *MissingFontError) Hint() string {
	var pkgs []string
	for _, s := range e.Scripts {
		p := fontPackage(s.Script)
		if !slices.Contains(pkgs, p) {
			pkgs = append(pkgs, p)
		}
	}
	return fmt.Sprintf("install a TrueType font that has them (on Debian or Ubuntu: apt-get install %s), or name one in the book file: fonts: [path/to/font.ttf]", strings.Join(pkgs, " "))
}

// fontPackage names a Debian package of TrueType fonts for a script.
// Noto CJK is CFF, which the PDF cannot embed: WenQuanYi Zen Hei covers
// Chinese, Japanese kana and Korean in TrueType.
func fontPackage(script string) string {
	switch script {
	case "Han", "Hiragana", "Katakana", "Hangul", "Bopomofo":
		return "fonts-wqy-zenhei"
	case "Thai":
		return "fonts-thai-tlwg"
	}
	return "fonts-noto-core"
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// missingScripts counts the characters of still that stop the build, by
// script, largest first.
func missingScripts(still map[rune]int) []ScriptCount {
	counts := map[string]int{}
	for r, n := range still {
		if needsFont(r) {
			counts[scriptOf(r)] += n
		}
	}
	var out []ScriptCount
	for s, n := range counts {
		out = append(out, ScriptCount{s, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Script < out[j].Script
	})
	return out
}

// bookText calls add with every text of the book the PDF may print: the
// titles, datelines and labels, and the text and code of every post.
// For the cover, it is the book's title, subtitle, author and
// description.
func bookText(b *book.Book, docs markup.Docs, cover bool, add func([]byte)) {
	if cover {
		for _, s := range []string{b.Title, b.Subtitle, b.Author, b.Description, b.Locale().Untitled} {
			add([]byte(s))
		}
		return
	}
	loc := b.Locale()
	strs := append([]string{b.Title, b.Subtitle, b.Author, b.Description, loc.Contents, loc.Chapter, loc.Untitled}, loc.Months[:]...)
	for _, ch := range b.Chapters {
		strs = append(strs, ch.Title)
	}
	for _, s := range strs {
		add([]byte(s))
	}
	for _, p := range b.Posts() {
		add([]byte(p.Title))
		add([]byte(p.Subtitle))
		add([]byte(p.Dateline))
		if d := docs[p.ID]; d != nil {
			docText(d, add)
		}
	}
}

// docText calls add with the text of a post's document: its text nodes
// and code, not its link targets or raw markup.
func docText(d *markup.Doc, add func([]byte)) {
	if d.Root == nil {
		add(d.Source)
		return
	}
	src := d.Source
	_ = ast.Walk(d.Root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Text:
			add(n.Segment.Value(src))
		case *ast.String:
			add(n.Value)
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			lines := n.Lines()
			for i := range lines.Len() {
				seg := lines.At(i)
				add(seg.Value(src))
			}
		case *ast.Image:
			add(n.Title)
		}
		return ast.WalkContinue, nil
	})
}

// bookFonts returns the fonts of a book: the bundled ones, and fallback
// fonts for the characters of its text they lack. It stops with a
// *MissingFontError when the letters of a script are in no font: a book
// of □ helps no one. Fonts are read once per process, and only for the
// scripts a book uses.
func bookFonts(b *book.Book, docs markup.Docs, cover bool, search FontSearch) (*fontSet, error) {
	fonts, err := loadFonts()
	if err != nil {
		return nil, err
	}
	cells, err := emojiCells()
	if err != nil {
		return nil, err
	}
	need := map[rune]int{}
	add := func(s []byte) {
		for i := 0; i < len(s); {
			if s[i] < utf8.RuneSelf {
				i++ // most text is ASCII, which the bundled fonts have
				continue
			}
			r, n := utf8.DecodeRune(s[i:])
			i += n
			if ignorable(r) {
				continue
			}
			if n, ok := need[r]; ok {
				need[r] = n + 1
				continue
			}
			if fonts.covers(serif, r) || fonts.covers(sans, r) || r > 0xFFFF {
				continue
			}
			if _, emoji := cells[emojiKey("", r)]; emoji {
				continue
			}
			need[r] = 1
		}
	}
	bookText(b, docs, cover, add)
	if len(need) == 0 {
		return fonts, nil
	}
	chosen, still, err := chooseFallbacks(need, search)
	if err != nil {
		return nil, err
	}
	if missing := missingScripts(still); len(missing) > 0 {
		return nil, &MissingFontError{Scripts: missing}
	}
	return fonts.withFallbacks(chosen)
}

// CheckFonts finds the fonts the PDF of b needs, as Write does, and
// returns a *MissingFontError when a script of its text is in none: what
// a build asks before it writes anything.
func CheckFonts(b *book.Book, docs markup.Docs, search FontSearch) error {
	_, err := bookFonts(b, docs, false, search)
	return err
}

// CheckCoverFonts is CheckFonts for the printed cover alone, which prints
// the book's title, subtitle, author and description.
func CheckCoverFonts(b *book.Book, search FontSearch) error {
	_, err := bookFonts(b, nil, true, search)
	return err
}

// ignorable reports whether r draws nothing: format characters such as
// joiners, selectors, soft hyphens and direction marks, and spaces and
// controls.
func ignorable(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Variation_Selector, r)
}
