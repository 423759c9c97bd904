package markdown

import (
	"github.com/anthology-book/anthology/internal/source/markdown/dialect"

	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // a site's time zone reads the same on every machine

	"github.com/BurntSushi/toml"
	"github.com/anthology-book/anthology/internal/book"
	"github.com/anthology-book/anthology/internal/confine"
	"gopkg.in/yaml.v3"
)

// MaxSiteConfigBytes bounds each site config file read.
const MaxSiteConfigBytes = 1 << 20

// siteConfig is what a site's generator config says that the book uses.
type siteConfig struct {
	site book.Site
	// zone is the site's time zone for dates written without one; nil
	// when the config gives none (UTC).
	zone *time.Location
	// lang is the language read from a multilingual site (its code as
	// the config names it, e.g. "en" or "zh-Hans"), langs all of them;
	// langDirs the content folder of each language that has its own.
	lang, defaultLang string
	langs             []string
	langDirs          map[string]string
	// mainSections are the sections of a Hugo site that hold its posts;
	// empty when the config does not say.
	mainSections []string
	// taxonomies are the front matter keys of the site's own taxonomies
	// besides tags and categories, e.g. "series".
	taxonomies []string
	// vars are the values of the site's {{ site.* }} variables: its
	// config as the generator hands it to templates.
	vars map[string]any
	// math are the delimiters of formulas a Hugo site's passthrough
	// extension keeps from Markdown.
	math []dialect.Delimiters
	// flavor is how the site's Markdown reads where it parts from
	// CommonMark: kramdown's emphasis, Hugo's cjk extension.
	flavor book.Flavor
	// eleventy is an Eleventy site's layout and global data.
	eleventy *eleventyState
}

// eleventyState is what LoadBlog needs of an Eleventy site besides its
// settings.
type eleventyState struct {
	layout eleventyLayout
	global eleventyGlobal
}

// siteVars are the {{ site.* }} values posts see: the site's config, with
// the book file's site: over it.
func siteVars(config, book map[string]any) map[string]any {
	if len(config) == 0 {
		return book
	}
	out := map[string]any{}
	mergeConfig(out, deepCopy(config))
	mergeConfig(out, deepCopy(book))
	return out
}

// deepCopy copies the maps of a decoded config, so that merging into the
// copy leaves the original as it was.
func deepCopy(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		if mm, ok := asMap(v); ok {
			v = deepCopy(mm)
		}
		out[k] = v
	}
	return out
}

// configMap is a decoded config file. Hugo reads its keys without regard
// to case.
type configMap map[string]any

func (m configMap) get(keys ...string) any {
	var v any = map[string]any(m)
	for _, k := range keys {
		mm, ok := asMap(v)
		if !ok {
			return nil
		}
		v = nil
		names := make([]string, 0, len(mm))
		for name := range mm {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if strings.EqualFold(name, k) {
				v = mm[name]
				break
			}
		}
	}
	return v
}

func (m configMap) str(keys ...string) string {
	switch v := m.get(keys...).(type) {
	case string:
		return strings.TrimSpace(v)
	case nil:
		return ""
	default:
		if mm, ok := asMap(v); ok {
			return configMap(mm).str("name")
		}
		if list, ok := v.([]any); ok && len(list) > 0 {
			return configMap{"x": list[0]}.str("x")
		}
		return ""
	}
}

func (m configMap) list(keys ...string) []string {
	var out []string
	switch v := m.get(keys...).(type) {
	case []any:
		for _, e := range v {
			if s, ok := e.(string); ok && strings.TrimSpace(s) != "" {
				out = append(out, strings.TrimSpace(s))
			}
		}
	case string:
		if s := strings.TrimSpace(v); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func asMap(v any) (map[string]any, bool) {
	switch v := v.(type) {
	case map[string]any:
		return v, true
	case configMap:
		return v, true
	}
	return nil, false
}

// firstSiteFile reads the first of names, in dir, that the site has, and
// returns it with its name; nil and "" when it has none of them.
func firstSiteFile(fsys fs.FS, dir, display string, names []string, rep *book.Report) (configMap, string, error) {
	for _, name := range names {
		file := path.Join(dir, name)
		m, ok, err := siteFile(fsys, file, displayName(display, dir, file), rep)
		if err != nil || ok {
			return m, name, err
		}
	}
	return nil, "", nil
}

// siteFile reads one config file of the site; ok is false when there is
// none. A file that cannot be read as its kind is warned about and left
// out: the posts still make a book, and the book file can say what the
// config would have. err is for the folder itself failing.
func siteFile(fsys fs.FS, name, display string, rep *book.Report) (m configMap, ok bool, err error) {
	info, err := fs.Stat(fsys, name)
	if err != nil || info.IsDir() {
		return nil, false, nil
	}
	if info.Size() > MaxSiteConfigBytes {
		rep.Warn(display, 0, "site config not read: %v", &confine.TooLargeError{Size: info.Size(), Limit: MaxSiteConfigBytes})
		return nil, false, nil
	}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		rep.Warn(display, 0, "site config not read: %v", unwrapPathError(err))
		return nil, false, nil
	}
	m, dups, err := decodeConfig(data, path.Ext(name))
	if err != nil {
		line := errorLine(err)
		var perr toml.ParseError
		if errors.As(err, &perr) {
			err = errors.New(perr.Message) // the line is said once, before
		}
		rep.Warn(display, line, "site config not read: %v", err)
		return nil, false, nil
	}
	for _, d := range dups {
		rep.Warn(display, d.Line, "site config gives %q twice (first on line %d): the last value is kept", d.Key, d.First)
	}
	return m, true, nil
}

// decodeConfig decodes a config file by its extension: TOML, YAML or
// JSON. Keys given twice keep their last value.
func decodeConfig(data []byte, ext string) (configMap, []confine.Duplicate, error) {
	data = newlines(bytes.TrimPrefix(data, []byte("\uFEFF")))
	switch strings.ToLower(ext) {
	case ".toml":
		if n := bytes.Count(data, []byte("=")); n > MaxFrontMatterKeys {
			return nil, nil, fmt.Errorf("more than %d keys", MaxFrontMatterKeys)
		}
		m, dups, err := decodeTOMLLastWins(data)
		if err != nil {
			return nil, nil, err
		}
		return m, dups, nil
	case ".yaml", ".yml":
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			return nil, nil, yamlError(err)
		}
		if line, over := confine.YAMLKeys(&doc, MaxFrontMatterKeys); over {
			return nil, nil, &lineError{line: line, err: fmt.Errorf("more than %d keys", MaxFrontMatterKeys)}
		}
		dups := confine.DropDuplicateKeys(&doc)
		timestampsAsText(&doc)
		var m map[string]any
		if len(doc.Content) > 0 {
			if err := doc.Decode(&m); err != nil {
				return nil, nil, yamlError(err)
			}
		}
		return m, dups, nil
	case ".json":
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, nil, err
		}
		return m, nil, nil
	}
	return nil, nil, fmt.Errorf("not a config file kind anthology reads (%s)", ext)
}

// errorLine is the line an error of decodeConfig names, 0 when none.
func errorLine(err error) int {
	if le, ok := err.(*lineError); ok {
		return le.line - 1 // yamlError counts from a front matter's second line
	}
	var perr toml.ParseError
	if errors.As(err, &perr) {
		return perr.Position.Line
	}
	return 0 // encoding/json gives an offset, not a line
}

// readSiteConfig reads the config of the site in dir as its generator
// does. lang is the language asked for (--lang); empty is the site's
// default.
func readSiteConfig(fsys fs.FS, dir, display string, kind siteKind, lang string, rep *book.Report) (*siteConfig, error) {
	switch kind {
	case hugoSite:
		return readHugoConfig(fsys, dir, display, lang, rep)
	case zolaSite:
		return readZolaConfig(fsys, dir, display, lang, rep)
	case jekyllSite:
		return readJekyllConfig(fsys, dir, display, rep)
	case eleventySite:
		return readEleventyData(fsys, dir, display, rep)
	}
	return &siteConfig{}, nil
}

// mergeConfig merges src into dst, maps key by key (keys matched without
// regard to case, as Hugo does); src wins.
func mergeConfig(dst, src map[string]any) {
	for k, v := range src {
		key := k
		for dk := range dst {
			if strings.EqualFold(dk, k) {
				key = dk
				break
			}
		}
		sm, sok := asMap(v)
		dm, dok := asMap(dst[key])
		if sok && dok {
			mergeConfig(dm, sm)
			continue
		}
		dst[key] = v
	}
}

// readHugoConfig reads hugo.* or config.* at the site's root and the
// files of config/_default, where "params.toml" is the params table,
// "languages.fr.toml" the table of the language fr, and "menus.*" is left
// out.
func readHugoConfig(fsys fs.FS, dir, display string, lang string, rep *book.Report) (*siteConfig, error) {
	root := map[string]any{}
	from := ""
	// The defaults first, then the root file, then the production
	// environment's folder, which hugo builds for: each wins over the
	// ones before.
	if err := readHugoConfigDir(fsys, dir, "_default", display, root, &from, rep); err != nil {
		return nil, err
	}
	m, name, err := firstSiteFile(fsys, dir, display, hugoConfigs, rep)
	if err != nil {
		return nil, err
	}
	if name != "" {
		mergeConfig(root, m)
		from = name
	}
	if err := readHugoConfigDir(fsys, dir, "production", display, root, &from, rep); err != nil {
		return nil, err
	}
	cfg := configMap(root)
	sc := &siteConfig{langDirs: map[string]string{}}
	def := first(cfg.str("defaultContentLanguage"), "en")
	langs, _ := asMap(cfg.get("languages"))
	disabled := cfg.list("disableLanguages")
	for code := range langs {
		off := false
		for _, d := range disabled {
			off = off || strings.EqualFold(d, code) && !strings.EqualFold(code, def)
		}
		if !off {
			sc.langs = append(sc.langs, code)
		}
	}
	sort.Strings(sc.langs)
	sc.lang, sc.defaultLang = chooseLang(sc.langs, def, lang, display, rep), def
	own := configMap{}
	for code, v := range langs {
		if m, ok := asMap(v); ok {
			if d := configMap(m).str("contentDir"); d != "" {
				sc.langDirs[code] = d
			}
			if strings.EqualFold(code, sc.lang) {
				own = m
			}
		}
	}
	pick := func(keys ...string) string { return first(own.str(keys...), cfg.str(keys...)) }
	sc.site = book.Site{
		Title:   pick("title"),
		Author:  first(own.str("params", "author"), own.str("author"), cfg.str("params", "author"), cfg.str("author")),
		Lang:    first(own.str("languageCode"), own.str("locale"), cfg.str("languageCode"), sc.lang, def),
		BaseURL: pick("baseURL"),
		From:    from,
	}
	if len(sc.langs) == 0 {
		sc.site.Lang = first(cfg.str("languageCode"), cfg.str("locale"), cfg.str("defaultContentLanguage"))
	}
	sc.mainSections = first2(own.list("params", "mainSections"), own.list("mainSections"), cfg.list("params", "mainSections"), cfg.list("mainSections"))
	sc.zone = siteZone(pick("timeZone"), display, rep)
	if tax, ok := asMap(cfg.get("taxonomies")); ok {
		for _, plural := range sortedValues(tax) {
			if plural != "tags" && plural != "categories" {
				sc.taxonomies = append(sc.taxonomies, plural)
			}
		}
	}
	sc.site.Permalinks = hugoPermalink(configMap(root), sc.mainSections)
	sc.math = hugoPassthrough(cfg)
	sc.flavor = hugoCJK(cfg)
	sc.vars = deepCopy(root)
	mergeConfig(sc.vars, deepCopy(own))
	return sc, nil
}

// hugoPassthrough returns the delimiters of Hugo's passthrough extension
// when the site enables it: its block delimiters, then its inline ones.
func hugoPassthrough(cfg configMap) []dialect.Delimiters {
	ext := configMap{}
	if m, ok := asMap(cfg.get("markup", "goldmark", "extensions", "passthrough")); ok {
		ext = m
	}
	if on, _ := ext.get("enable").(bool); !on {
		return nil
	}
	var out []dialect.Delimiters
	for _, kind := range []string{"block", "inline"} {
		pairs, _ := ext.get("delimiters", kind).([]any)
		for _, p := range pairs {
			pair, _ := p.([]any)
			if len(pair) != 2 {
				continue
			}
			open, _ := pair[0].(string)
			close, _ := pair[1].(string)
			if open != "" && close != "" {
				out = append(out, dialect.Delimiters{Open: open, Close: close, Inline: kind == "inline"})
			}
		}
	}
	return out
}

// hugoCJK returns what goldmark's cjk extension reads otherwise when the
// site enables it (markup.goldmark.extensions.cjk).
func hugoCJK(cfg configMap) book.Flavor {
	ext := configMap{}
	if m, ok := asMap(cfg.get("markup", "goldmark", "extensions", "cjk")); ok {
		ext = m
	}
	if on, _ := ext.get("enable").(bool); !on {
		return book.Flavor{}
	}
	var f book.Flavor
	f.EscapedSpace, _ = ext.get("escapedSpace").(bool)
	if breaks, _ := ext.get("eastAsianLineBreaks").(bool); breaks {
		f.EastAsianBreaks = book.BreaksSimple
		if strings.EqualFold(ext.str("eastAsianLineBreaksStyle"), "css3draft") {
			f.EastAsianBreaks = book.BreaksCSS3Draft
		}
	}
	return f
}

// readHugoConfigDir merges the files of config/env into root: "hugo.toml"
// or "config.toml" at the top, "params.toml" as the params table,
// "languages.fr.toml" as the table of the language fr, "params.fr.toml"
// as the params of fr; menus are left out. from is set to the first main
// file read when it is empty.
func readHugoConfigDir(fsys fs.FS, dir, env, display string, root map[string]any, from *string, rep *book.Report) error {
	folder := path.Join(dir, "config", env)
	entries, _ := fs.ReadDir(fsys, folder)
	for _, e := range entries {
		name := e.Name()
		ext := path.Ext(name)
		parts := strings.Split(strings.TrimSuffix(name, ext), ".")
		if e.IsDir() || (ext != ".toml" && ext != ".yaml" && ext != ".yml" && ext != ".json") || parts[0] == "menus" || parts[0] == "menu" {
			continue
		}
		m, ok, err := siteFile(fsys, path.Join(folder, name), displayName(display, dir, path.Join(folder, name)), rep)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		switch {
		case parts[0] == "hugo" || parts[0] == "config":
			mergeConfig(root, m)
			*from = first(*from, "config/"+env+"/"+name)
		case len(parts) == 1:
			mergeConfig(root, map[string]any{parts[0]: map[string]any(m)})
		case parts[0] == "languages":
			mergeConfig(root, map[string]any{"languages": map[string]any{strings.Join(parts[1:], "."): map[string]any(m)}})
		default:
			mergeConfig(root, map[string]any{"languages": map[string]any{strings.Join(parts[1:], "."): map[string]any{parts[0]: map[string]any(m)}}})
		}
	}
	return nil
}

// hugoPermalink is the permalink pattern of the posts' section: the first
// main section's, else that of "posts", "post" or "blog", else the only
// one given.
func hugoPermalink(cfg configMap, main []string) string {
	perms, ok := asMap(cfg.get("permalinks"))
	if !ok {
		return ""
	}
	if page, ok := asMap(configMap(perms).get("page")); ok { // Hugo 0.120's permalinks.page
		perms = page
	}
	for _, s := range append(append([]string{}, main...), "posts", "post", "blog") {
		if p := configMap(perms).str(s); p != "" {
			return p
		}
	}
	if vals := sortedValues(perms); len(vals) == 1 {
		return vals[0]
	}
	return ""
}

// sortedValues are the string values of m, in key order.
func sortedValues(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []string
	for _, k := range keys {
		if s, ok := m[k].(string); ok && strings.TrimSpace(s) != "" {
			out = append(out, strings.TrimSpace(s))
		}
	}
	return out
}

// chooseLang picks the language read from a multilingual site: the one
// asked for when the site has it (by its code, or by its primary
// language: "fr-CA" finds "fr"), else the site's default.
func chooseLang(langs []string, def, asked, display string, rep *book.Report) string {
	if asked != "" && len(langs) > 0 {
		for _, try := range []func(string) bool{
			func(c string) bool { return strings.EqualFold(c, asked) },
			func(c string) bool { return strings.EqualFold(book.BaseLang(c), book.BaseLang(asked)) },
		} {
			for _, c := range langs {
				if try(c) {
					return c
				}
			}
		}
		rep.Warn(display, 0, "the site has no language %q (it has %s): read in its default language, %q", asked, strings.Join(langs, ", "), def)
	}
	for _, c := range langs {
		if strings.EqualFold(c, def) {
			return c
		}
	}
	return def
}

// siteZone loads the site's time zone, e.g. "Europe/Paris"; an unknown
// one is warned about and dates without a zone stay UTC.
func siteZone(name, display string, rep *book.Report) *time.Location {
	if name == "" {
		return nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		rep.Warn(display, 0, "site config: unknown time zone %q; dates without a zone are read as UTC", name)
		return nil
	}
	return loc
}

// readZolaConfig reads a Zola site's config.toml (or zola.toml).
func readZolaConfig(fsys fs.FS, dir, display string, lang string, rep *book.Report) (*siteConfig, error) {
	cfg, from, err := firstSiteFile(fsys, dir, display, zolaConfigs, rep)
	if err != nil {
		return nil, err
	}
	sc := &siteConfig{}
	def := first(cfg.str("default_language"), "en")
	langs, _ := asMap(cfg.get("languages"))
	if len(langs) > 0 {
		sc.langs = []string{def}
		for code := range langs {
			if code != def {
				sc.langs = append(sc.langs, code)
			}
		}
		sort.Strings(sc.langs)
	}
	sc.lang, sc.defaultLang = chooseLang(sc.langs, def, lang, display, rep), def
	own := configMap{}
	if m, ok := asMap(langs[sc.lang]); ok {
		own = m
	}
	sc.vars = cfg
	sc.math = zolaMath(cfg)
	sc.site = book.Site{
		Title:   first(own.str("title"), cfg.str("title")),
		Author:  first(cfg.str("author"), cfg.str("extra", "author"), cfg.str("authors")),
		Lang:    sc.lang,
		BaseURL: cfg.str("base_url"),
		From:    from,
	}
	if list, ok := cfg.get("taxonomies").([]any); ok {
		for _, t := range list {
			if m, ok := asMap(t); ok {
				if name := configMap(m).str("name"); name != "" && name != "tags" && name != "categories" {
					sc.taxonomies = append(sc.taxonomies, name)
				}
			}
		}
	}
	return sc, nil
}

// zolaMath returns the delimiters of formulas when a Zola site renders
// them itself with KaTeX ([markdown] math = "katex", or [markdown.math]
// engine = "katex"):
// $…$ in a sentence and $$…$$ on their own, as pulldown-cmark reads them.
func zolaMath(cfg configMap) []dialect.Delimiters {
	engine := cfg.str("markdown", "math")
	if engine == "" {
		engine = cfg.str("markdown", "math", "engine")
	}
	if !strings.EqualFold(engine, "katex") {
		return nil // none, or Typst's formulas, which are not TeX
	}
	return []dialect.Delimiters{{Open: "$$", Close: "$$"}, {Open: "$", Close: "$", Inline: true}}
}

// readJekyllConfig reads a Jekyll site's _config.yml.
func readJekyllConfig(fsys fs.FS, dir, display string, rep *book.Report) (*siteConfig, error) {
	cfg, from, err := firstSiteFile(fsys, dir, display, []string{"_config.yml", "_config.yaml", "_config.toml"}, rep)
	if err != nil {
		return nil, err
	}
	sc := &siteConfig{}
	base := cfg.str("url")
	if b := strings.Trim(cfg.str("baseurl"), "/"); b != "" && base != "" {
		base = strings.TrimSuffix(base, "/") + "/" + b
	}
	sc.site = book.Site{
		// Jekyll Now and its kin call the site by name:.
		Title:      first(cfg.str("title"), cfg.str("name")),
		Author:     first(cfg.str("author"), cfg.str("authors")),
		Lang:       strings.ReplaceAll(first(cfg.str("lang"), cfg.str("locale"), cfg.str("language")), "_", "-"),
		BaseURL:    base,
		Permalinks: jekyllPermalink(cfg.str("permalink")),
		From:       from,
	}
	sc.zone = siteZone(cfg.str("timezone"), display, rep)
	// kramdown, Jekyll's default, reads emphasis more loosely than
	// CommonMark; a site that names another converter (CommonMark,
	// CommonMarkGhPages) reads as CommonMark.
	if engine := cfg.str("markdown"); engine == "" || strings.EqualFold(engine, "kramdown") {
		sc.flavor.LooseEmphasis = true
	}
	sc.vars = cfg
	return sc, nil
}

// jekyllPermalink turns Jekyll's named permalink styles into their
// patterns.
// Jekyll's :title is the post's slug (from its file name, or slug:), so
// it is written :slug here, and its default style is "date".
func jekyllPermalink(p string) string {
	switch p {
	case "", "date":
		p = "/:categories/:year/:month/:day/:title:output_ext"
	case "pretty":
		p = "/:categories/:year/:month/:day/:title/"
	case "ordinal":
		p = "/:categories/:year/:y_day/:title:output_ext"
	case "none":
		p = "/:categories/:title:output_ext"
	}
	return strings.ReplaceAll(p, ":title", ":slug")
}

// readEleventyData reads an Eleventy site's layout and global data
// (see eleventy.go); its settings come from the data.
func readEleventyData(fsys fs.FS, dir, display string, rep *book.Report) (*siteConfig, error) {
	l := readEleventyLayout(fsys, dir)
	g := readEleventyGlobal(fsys, dir, display, l.data, rep)
	sc := &siteConfig{eleventy: &eleventyState{layout: l, global: g}}
	sc.site = eleventySettings(g)
	if m, ok := g.data["site"].(map[string]any); ok {
		sc.vars = m // {{ site.title }} is _data/site.json's
	}
	return sc, nil
}

func dataDirExists(fsys fs.FS, name string) bool {
	info, err := fs.Stat(fsys, name)
	return err == nil && info.IsDir()
}

func first(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

func first2(lists ...[]string) []string {
	for _, l := range lists {
		if len(l) > 0 {
			return l
		}
	}
	return nil
}
