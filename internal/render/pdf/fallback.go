package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
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

// faceOffsets returns where each face's table directory starts: 0 in a
// single font, the collection's offsets in a .ttc.
func faceOffsets(r io.ReaderAt) ([]uint32, error) {
	var head [12]byte
	if _, err := r.ReadAt(head[:], 0); err != nil {
		return nil, err
	}
	if string(head[:4]) != "ttcf" {
		return []uint32{0}, nil
	}
	n := binary.BigEndian.Uint32(head[8:])
	if n == 0 || n > 256 {
		return nil, errors.New("bad font collection")
	}
	buf := make([]byte, 4*n)
	if _, err := r.ReadAt(buf, 12); err != nil {
		return nil, err
	}
	offs := make([]uint32, n)
	for i := range offs {
		offs[i] = binary.BigEndian.Uint32(buf[4*i:])
	}
	return offs, nil
}

// table is one entry of a font's table directory.
type table struct {
	tag         string
	off, length uint32
}

// fpdfTables are the tables fpdf reads to embed a font.
var fpdfTables = []string{"OS/2", "cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post"}

// tableDirectory reads the table directory at off and checks that the
// face is one fpdf can embed: TrueType outlines, every table fpdf reads,
// and a Unicode cmap of format 4.
func tableDirectory(r io.ReaderAt, off uint32) ([]table, error) {
	var head [12]byte
	if _, err := r.ReadAt(head[:], int64(off)); err != nil {
		return nil, err
	}
	if v := binary.BigEndian.Uint32(head[:]); v != 0x00010000 && string(head[:4]) != "true" {
		return nil, errors.New("not TrueType outlines")
	}
	n := int(binary.BigEndian.Uint16(head[4:]))
	if n == 0 || n > 512 {
		return nil, errors.New("bad table directory")
	}
	buf := make([]byte, 16*n)
	if _, err := r.ReadAt(buf, int64(off)+12); err != nil {
		return nil, err
	}
	tables := make([]table, n)
	for i := range tables {
		rec := buf[16*i:]
		tables[i] = table{tag: string(rec[:4]), off: binary.BigEndian.Uint32(rec[8:]), length: binary.BigEndian.Uint32(rec[12:])}
	}
	for _, tag := range fpdfTables {
		if !slices.ContainsFunc(tables, func(t table) bool { return t.tag == tag }) {
			return nil, fmt.Errorf("no %s table", tag)
		}
	}
	if !hasUnicodeFormat4(r, tables) {
		return nil, errors.New("no Unicode cmap of format 4")
	}
	return tables, nil
}

// hasUnicodeFormat4 reports whether the cmap has the subtable fpdf maps
// characters with.
func hasUnicodeFormat4(r io.ReaderAt, tables []table) bool {
	off, _ := format4(r, tables)
	return off > 0
}

// format4 returns where the Unicode cmap subtable of format 4 starts, the
// one fpdf reads, and its length; 0 when there is none.
func format4(r io.ReaderAt, tables []table) (int64, int) {
	i := slices.IndexFunc(tables, func(t table) bool { return t.tag == "cmap" })
	if i < 0 {
		return 0, 0
	}
	cmap := tables[i]
	var head [4]byte
	if _, err := r.ReadAt(head[:], int64(cmap.off)); err != nil {
		return 0, 0
	}
	n := int(binary.BigEndian.Uint16(head[2:]))
	if n > 256 {
		return 0, 0
	}
	recs := make([]byte, 8*n)
	if _, err := r.ReadAt(recs, int64(cmap.off)+4); err != nil {
		return 0, 0
	}
	for i := range n {
		rec := recs[8*i:]
		platform, encoding := binary.BigEndian.Uint16(rec), binary.BigEndian.Uint16(rec[2:])
		if platform == 0 || platform == 3 && encoding == 1 {
			off := int64(cmap.off) + int64(binary.BigEndian.Uint32(rec[4:]))
			var sub [4]byte
			if _, err := r.ReadAt(sub[:], off); err == nil && binary.BigEndian.Uint16(sub[:]) == 4 {
				return off, int(binary.BigEndian.Uint16(sub[2:]))
			}
		}
	}
	return 0, 0
}

// cmap4 is a format 4 cmap subtable: what characters of the Basic
// Multilingual Plane a font maps, as fpdf reads them.
type cmap4 []byte

// readCmap4 reads the format 4 subtable of the face at off.
func readCmap4(r io.ReaderAt, off uint32) (cmap4, error) {
	tables, err := tableDirectory(r, off)
	if err != nil {
		return nil, err
	}
	at, n := format4(r, tables)
	if at == 0 || n < 16 {
		return nil, errors.New("no Unicode cmap of format 4")
	}
	b := make([]byte, n)
	if _, err := r.ReadAt(b, at); err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	return cmap4(b), nil
}

// has reports whether the subtable maps c to a glyph.
func (t cmap4) has(c rune) bool {
	if c > 0xFFFF || len(t) < 14 {
		return false
	}
	segs := int(binary.BigEndian.Uint16(t[6:])) / 2
	ends := 14
	starts := ends + 2*segs + 2
	deltas := starts + 2*segs
	ranges := deltas + 2*segs
	if ranges+2*segs > len(t) {
		return false
	}
	u := uint16(c)
	i := sort.Search(segs, func(i int) bool { return binary.BigEndian.Uint16(t[ends+2*i:]) >= u })
	if i == segs || binary.BigEndian.Uint16(t[starts+2*i:]) > u {
		return false
	}
	delta := binary.BigEndian.Uint16(t[deltas+2*i:])
	ro := int(binary.BigEndian.Uint16(t[ranges+2*i:]))
	if ro == 0 {
		return u+delta != 0
	}
	at := ranges + 2*i + ro + 2*int(u-binary.BigEndian.Uint16(t[starts+2*i:]))
	if at+2 > len(t) {
		return false
	}
	g := binary.BigEndian.Uint16(t[at:])
	return g != 0 && g+delta != 0
}

// extractFace returns one face of a font collection as a font file of
// its own, which fpdf can read: its tables copied after a table directory
// of their new places.
func extractFace(data []byte, off uint32) ([]byte, error) {
	tables, err := tableDirectory(bytesReaderAt(data), off)
	if err != nil {
		return nil, err
	}
	sort.Slice(tables, func(i, j int) bool { return tables[i].tag < tables[j].tag })
	n := len(tables)
	out := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	p := 1
	for p*2 <= n {
		p *= 2
	}
	binary.BigEndian.PutUint16(out[6:], uint16(16*p))
	binary.BigEndian.PutUint16(out[8:], uint16(bitsLen(p)-1))
	binary.BigEndian.PutUint16(out[10:], uint16(16*(n-p)))
	for i, t := range tables {
		end := uint64(t.off) + uint64(t.length)
		if end > uint64(len(data)) {
			return nil, fmt.Errorf("table %s runs past the end of the file", t.tag)
		}
		rec := out[12+16*i:]
		copy(rec, t.tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(data[t.off:end]))
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], t.length)
		out = append(out, data[t.off:end]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	return out, nil
}

func bitsLen(p int) int {
	n := 0
	for p > 0 {
		n++
		p >>= 1
	}
	return n
}

func checksum(b []byte) uint32 {
	var sum uint32
	for len(b) >= 4 {
		sum += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var last [4]byte
		copy(last[:], b)
		sum += binary.BigEndian.Uint32(last[:])
	}
	return sum
}

type bytesReaderAt []byte

func (b bytesReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off >= int64(len(b)) {
		return 0, io.EOF
	}
	n := copy(p, b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
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
func bookText(b *book.Book, docs markup.Docs, add func([]byte)) {
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
func bookFonts(b *book.Book, docs markup.Docs, search FontSearch) (*fontSet, error) {
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
	bookText(b, docs, add)
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
	_, err := bookFonts(b, docs, search)
	return err
}

// ignorable reports whether r draws nothing: format characters such as
// joiners, selectors, soft hyphens and direction marks, and spaces and
// controls.
func ignorable(r rune) bool {
	return unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Variation_Selector, r)
}
