package main

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// The generators whose publishing rules corpuscheck knows.
const (
	genHugo     = "hugo"
	genJekyll   = "jekyll"
	genZola     = "zola"
	genEleventy = "eleventy"
	genWXR      = "wxr"
	genFeed     = "feed"
)

var generators = []string{genHugo, genJekyll, genZola, genEleventy, genWXR, genFeed}

// blog is one blog to compile: the folder (or export file) a user would
// hand to anthology, the generator that publishes it, and optionally the
// folder under it that holds the posts, which narrows the generator's count.
type blog struct {
	Name      string
	Path      string
	Generator string
	PostsDir  string // relative to Path; "" lets the generator's rules decide
}

// parseSpec reads "name=path[:posts-subdir][@generator]".
func parseSpec(s string) (blog, error) {
	name, rest, ok := strings.Cut(s, "=")
	if !ok || name == "" || rest == "" {
		return blog{}, fmt.Errorf("read blog %q: want name=path[:posts-subdir][@generator]", s)
	}
	b := blog{Name: name}
	if i := strings.LastIndex(rest, "@"); i >= 0 {
		b.Generator, rest = rest[i+1:], rest[:i]
	}
	b.Path, b.PostsDir, _ = strings.Cut(rest, ":")
	return b, b.check()
}

func (b *blog) check() error {
	if b.Generator != "" && !slices.Contains(generators, b.Generator) {
		return fmt.Errorf("blog %q: unknown generator %q (want one of %s)", b.Name, b.Generator, strings.Join(generators, ", "))
	}
	if filepath.IsAbs(b.PostsDir) {
		return fmt.Errorf("blog %q: posts folder %q must be relative to the blog", b.Name, b.PostsDir)
	}
	return nil
}

// readList reads a list of blogs: one a line, fields separated by tabs or
// spaces: name, path (relative to the list's folder), then optionally the
// generator ("-" to detect it) and the posts folder. Blank lines and lines
// starting with # are skipped.
func readList(file string) ([]blog, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var blogs []blog
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 2 || len(fields) > 4 {
			return nil, fmt.Errorf("%s:%d: want NAME PATH [GENERATOR [POSTS-DIR]], got %d fields", file, n, len(fields))
		}
		b := blog{Name: fields[0], Path: fields[1]}
		if !filepath.IsAbs(b.Path) {
			b.Path = filepath.Join(filepath.Dir(file), b.Path)
		}
		if len(fields) > 2 && fields[2] != "-" {
			b.Generator = fields[2]
		}
		if len(fields) > 3 {
			b.PostsDir = fields[3]
		}
		if err := b.check(); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", file, n, err)
		}
		blogs = append(blogs, b)
	}
	return blogs, sc.Err()
}

// scanFolder lists every folder or export file directly under dir whose
// generator can be told, named after it, in name order.
func scanFolder(dir string) ([]blog, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var blogs []blog
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if gen := detect(p); gen != "" {
			blogs = append(blogs, blog{Name: e.Name(), Path: p, Generator: gen})
		}
	}
	return blogs, nil
}

// detect tells the generator of the blog at path from the files it holds,
// or returns "".
func detect(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return ""
	}
	if !fi.IsDir() {
		return detectExport(path)
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if _, err := os.Stat(filepath.Join(path, n)); err == nil {
				return true
			}
		}
		return false
	}
	switch {
	case has("_config.yml", "_config.yaml", "_config.toml"):
		return genJekyll
	case has(".eleventy.js", ".eleventy.cjs", "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs"):
		return genEleventy
	case has("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config/_default"):
		return genHugo
	case has("config.toml") && has("content"):
		if data, err := os.ReadFile(filepath.Join(path, "config.toml")); err == nil && strings.Contains(string(data), "base_url") {
			return genZola
		}
		return genHugo
	case has("config.yaml", "config.yml", "config.json") && has("content"):
		return genHugo
	}
	// A folder holding one export or feed.
	if f := exportIn(path); f != "" {
		return detectExport(f)
	}
	return ""
}

// exportIn returns the one .xml or .json file directly in dir, or "".
func exportIn(dir string) string {
	var found []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if ext := filepath.Ext(e.Name()); !e.IsDir() && (ext == ".xml" || ext == ".json" || ext == ".atom" || ext == ".rss") {
			found = append(found, filepath.Join(dir, e.Name()))
		}
	}
	if len(found) == 1 {
		return found[0]
	}
	return ""
}

// detectExport tells a WordPress export from a feed by its first 64 KB.
func detectExport(file string) string {
	f, err := os.Open(file)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := f.Read(head)
	s := string(head[:n])
	switch {
	case strings.Contains(s, "wxr_version>"):
		return genWXR
	case strings.Contains(s, "<rss"), strings.Contains(s, "<feed"), strings.Contains(s, "jsonfeed.org"):
		return genFeed
	}
	return ""
}
