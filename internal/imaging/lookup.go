package imaging

import (
	"errors"
	"io/fs"
	"net/url"
	"path"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/anthology-book/anthology/internal/book"
)

// siteFiles finds the file of an image a post names by the address it had
// on the web rather than by its place in the source folder: an address on
// the blog's own site (https://blog.example/images/x.png), or a
// site-relative one (/x.png) that the generator served from a folder of
// static files (Hugo's static/, Eleventy's passthrough copies and
// src/images/, public/, assets/). When no such folder holds it, the one
// image file of the source folder whose path ends the same way is taken.
type siteFiles struct {
	hosts map[string]bool // the blog's own hosts, as hostKey gives them
	mu    sync.Mutex
	trees map[any]*treeFiles // by treeKey
}

// newSiteFiles returns a lookup for the blog at baseURL ("" when unknown),
// whose posts' permalinks name further hosts of its own.
func newSiteFiles(baseURL string, posts []*book.Post) *siteFiles {
	s := &siteFiles{hosts: map[string]bool{}, trees: map[any]*treeFiles{}}
	addHost := func(addr string) {
		if !strings.Contains(addr, "://") {
			addr = "https://" + addr
		}
		if u, err := url.Parse(addr); err == nil && u.Host != "" {
			s.hosts[hostKey(u.Host)] = true
		}
	}
	if b := strings.TrimSpace(baseURL); b != "" {
		addHost(b)
	}
	for _, p := range posts {
		for _, pl := range p.Permalinks {
			if strings.HasPrefix(pl, "http://") || strings.HasPrefix(pl, "https://") {
				addHost(pl)
			}
		}
	}
	return s
}

// mediaDest is where an image a post names at dest is, when its blog
// reads the post's relative image paths below base (Chirpy's
// media_subpath), as the theme writes the address on the page: base,
// "/", dest. An address of its own (site-relative, on the web, data:) is
// left as it is.
func mediaDest(base, dest string) string {
	base = strings.TrimSpace(base)
	if base == "" || dest == "" || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "#") || strings.Contains(dest, "//") {
		return dest
	}
	if i := strings.IndexAny(dest, ":/?#"); i >= 0 && dest[i] == ':' {
		return dest // a scheme: data:, mailto:
	}
	if strings.Contains(base, "://") || strings.HasPrefix(base, "//") {
		return strings.TrimSuffix(base, "/") + "/" + strings.TrimPrefix(dest, "./")
	}
	return path.Join("/", base, dest)
}

// hostKey compares hosts as browsers reach them.
func hostKey(host string) string {
	host = strings.ToLower(host)
	host = strings.TrimSuffix(strings.TrimSuffix(host, ":80"), ":443")
	return strings.TrimPrefix(host, "www.")
}

// sitePath returns the path, on the site, of an image address on the
// blog's own site, and whether dest is one.
func (s *siteFiles) sitePath(dest string) (string, bool) {
	if s == nil || len(s.hosts) == 0 {
		return "", false
	}
	addr, ok := webAddress(dest)
	if !ok {
		return "", false
	}
	u, err := url.Parse(addr)
	if err != nil || !s.hosts[hostKey(u.Host)] || u.Path == "" {
		return "", false
	}
	return u.Path, true
}

// find returns the bytes of the image that ref (a site path, or a path
// relative to p) names in p's source folder, when one file answers it.
func (s *siteFiles) find(p *book.Post, ref string) ([]byte, bool) {
	if s == nil || p.Assets == nil {
		return nil, false
	}
	if i := strings.IndexAny(ref, "?#"); i >= 0 {
		ref = ref[:i]
	}
	if d, err := url.PathUnescape(ref); err == nil {
		ref = d
	}
	t := s.tree(p.Assets)
	var names []string
	if strings.HasPrefix(ref, "/") {
		names = t.staticNames(ref)
	}
	if name := t.bySuffix(ref); name != "" {
		names = append(names, name)
	}
	for _, name := range names {
		if !fs.ValidPath(name) {
			continue
		}
		if data, err := readFile(p.Assets, name); err == nil {
			return data, true
		}
	}
	return nil, false
}

func (s *siteFiles) tree(fsys fs.FS) *treeFiles {
	key, ok := treeKey(fsys)
	if !ok {
		t := &treeFiles{fsys: fsys}
		t.index()
		return t
	}
	s.mu.Lock()
	t := s.trees[key]
	if t == nil {
		t = &treeFiles{fsys: fsys}
		s.trees[key] = t
	}
	s.mu.Unlock()
	t.once.Do(t.index)
	return t
}

// treeKey returns what tells one source folder from another: the fs.FS
// itself when it can be compared, else its address (a MapFS is a map).
func treeKey(fsys fs.FS) (any, bool) {
	v := reflect.ValueOf(fsys)
	switch {
	case v.Comparable():
		return fsys, true
	case v.Kind() == reflect.Map || v.Kind() == reflect.Slice || v.Kind() == reflect.Func:
		return [2]any{v.Type(), v.Pointer()}, true
	}
	return nil, false
}

// treeFiles is what one source folder holds that a site path may name.
type treeFiles struct {
	fsys   fs.FS
	once   sync.Once
	static []mount             // folders served at a site path, most specific first
	byBase map[string][]string // image files by lower-case base name
}

// mount is a folder of the source served at a path of the site.
type mount struct{ at, dir string }

// staticDirs are the folders generators serve at the site's root:
// Hugo's and Zola's static/, Eleventy's and Next.js's public/ or src/,
// Jekyll's source folder, and the image folders sites keep beside them.
var staticDirs = []string{"static", "public", "src", "src/images", "src/assets", "src/static", "assets", "source", "images"}

// maxIndexed bounds how many entries of a source folder are looked at to
// find images by name: a site is rarely larger, and a folder that is (a
// home folder given by mistake) is not searched whole.
const maxIndexed = 200_000

func (t *treeFiles) index() {
	t.static = eleventyMounts(t.fsys)
	for _, d := range staticDirs {
		if info, err := fs.Stat(t.fsys, d); err == nil && info.IsDir() {
			t.static = append(t.static, mount{at: "/", dir: d})
		}
	}
	t.byBase = map[string][]string{}
	seen := 0
	_ = fs.WalkDir(t.fsys, ".", func(name string, d fs.DirEntry, err error) error {
		seen++
		if seen > maxIndexed {
			return fs.SkipAll
		}
		if err != nil {
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if name != "." && skipDir(d.Name()) {
				return fs.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && imageExt(name) {
			base := strings.ToLower(path.Base(name))
			t.byBase[base] = append(t.byBase[base], name)
		}
		return nil
	})
}

// skipDir reports whether a folder holds no image a post shows: version
// control, packages, caches and generated output.
func skipDir(name string) bool {
	switch name {
	case "node_modules", "_site", "dist", "resources", ".jekyll-cache", ".cache", "vendor", "target":
		return true
	}
	return strings.HasPrefix(name, ".")
}

func imageExt(name string) bool {
	switch strings.ToLower(path.Ext(name)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp", ".tif", ".tiff":
		return true
	}
	return false
}

// staticNames returns the files the static folders would serve at the
// site path sp.
func (t *treeFiles) staticNames(sp string) []string {
	var out []string
	for _, m := range t.static {
		rest, ok := strings.CutPrefix(sp, m.at)
		if !ok {
			continue
		}
		if m.at != "/" && !strings.HasSuffix(m.at, "/") && rest != "" && !strings.HasPrefix(rest, "/") {
			continue // "/media" does not serve "/mediafile.png"
		}
		out = append(out, path.Join(m.dir, rest))
	}
	return out
}

// bySuffix returns the one image file of the tree whose path ends as ref
// does, the most segments matching; "" when none does, or when two match
// equally well and neither can be told to be meant.
func (t *treeFiles) bySuffix(ref string) string {
	ref = strings.Trim(path.Clean("/"+ref), "/")
	cands := t.byBase[strings.ToLower(path.Base(ref))]
	if len(cands) == 0 {
		return ""
	}
	want := strings.Split(strings.ToLower(ref), "/")
	best, bestN, tie := "", -1, false
	for _, c := range cands {
		n := commonTail(strings.Split(strings.ToLower(c), "/"), want)
		switch {
		case n > bestN:
			best, bestN, tie = c, n, false
		case n == bestN:
			tie = true
		}
	}
	if tie {
		return ""
	}
	return best
}

// commonTail counts the last segments a and b share.
func commonTail(a, b []string) int {
	n := 0
	for n < len(a) && n < len(b) && a[len(a)-1-n] == b[len(b)-1-n] {
		n++
	}
	return n
}

// eleventyConfigs are the names of an Eleventy site's configuration.
var eleventyConfigs = []string{".eleventy.js", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs"}

var (
	passthroughString = regexp.MustCompile(`addPassthroughCopy\(\s*["']([^"'\n]+)["']\s*\)`)
	passthroughObject = regexp.MustCompile(`addPassthroughCopy\(\s*\{([^}]*)\}`)
	passthroughPair   = regexp.MustCompile(`["']([^"'\n]+)["']\s*:\s*["']([^"'\n]+)["']`)
	eleventyInput     = regexp.MustCompile(`input\s*:\s*["']([^"'\n]+)["']`)
)

// eleventyMounts reads, from an Eleventy site's configuration, the
// folders its passthrough copies serve, where they are written as plain
// string literals; the configuration is code, and is not run.
func eleventyMounts(fsys fs.FS) []mount {
	var src []byte
	for _, name := range eleventyConfigs {
		data, err := readFile(fsys, name)
		if err == nil {
			src = data
			break
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil
		}
	}
	if src == nil {
		return nil
	}
	input := "."
	if m := eleventyInput.FindSubmatch(src); m != nil {
		input = path.Clean(string(m[1]))
	}
	var out []mount
	for _, m := range passthroughObject.FindAllSubmatch(src, -1) {
		for _, pair := range passthroughPair.FindAllSubmatch(m[1], -1) {
			out = append(out, mount{at: "/" + strings.Trim(string(pair[2]), "/"), dir: path.Clean(string(pair[1]))})
		}
	}
	for _, m := range passthroughString.FindAllSubmatch(src, -1) {
		dir := path.Clean(string(m[1]))
		if strings.ContainsAny(dir, "*{") {
			continue // a glob
		}
		at := dir
		if rel, ok := strings.CutPrefix(dir, input+"/"); ok {
			at = rel
		}
		out = append(out, mount{at: "/" + at, dir: dir})
	}
	if input != "." {
		out = append(out, mount{at: "/", dir: input})
	}
	return out
}
