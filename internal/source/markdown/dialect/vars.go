package dialect

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode"
)

// output evaluates Liquid output markup as far as a book can: a string or a
// site or page variable, through the filters that make addresses; anything
// else is removed with a Problem.
func (rw *rewriter) output(t *Token) string {
	if strings.HasPrefix(t.Expr, "/*") && strings.HasSuffix(t.Expr, "*/") {
		return "" // a template comment
	}
	parts := splitOutside(t.Expr, '|')
	head := strings.TrimSpace(parts[0])
	value, ok := rw.value(head)
	for _, f := range parts[1:] {
		name, arg, _ := strings.Cut(strings.TrimSpace(f), ":")
		name, arg = strings.TrimSpace(name), unquote(strings.TrimSpace(arg))
		switch name {
		case "default":
			if !ok || value == "" {
				value, ok = arg, true
			}
		case "relative_url":
			value = rw.siteURL(value, false)
		case "absolute_url":
			value = rw.siteURL(value, true)
		case "upcase":
			value = strings.ToUpper(value)
		case "downcase":
			value = strings.ToLower(value)
		case "capitalize":
			value = capitalize(value)
		case "strip":
			value = strings.TrimSpace(value)
		case "slugify", "slug":
			value = slugify(value)
		case "escape", "escape_once", "xml_escape", "markdownify", "smartify", "strip_html",
			"date", "date_to_string", "date_to_long_string", "uri_escape", "url_encode", "cgi_escape",
			"safe", "url", "trim", "lower", "upper":
			// Their value already reads right in Markdown, or near enough
			// (Nunjucks' safe, Eleventy's url with no path prefix).
			switch name {
			case "trim":
				value = strings.TrimSpace(value)
			case "lower":
				value = strings.ToLower(value)
			case "upper":
				value = strings.ToUpper(value)
			}
		default:
			rw.problem(t, "filter "+name, "ignored the %s filter %q in %s", rw.language(), name, display(t))
		}
	}
	if ok {
		return value
	}
	// One warning per variable, whatever filters each use puts it through.
	shown := "{{ " + head + " }}"
	root, _, _ := strings.Cut(head, ".")
	switch root {
	case "site":
		rw.problem(t, shown, "removed %s: neither the site's config nor the book file sets it (site: in anthology.yaml)", shown)
	case "page":
		rw.problem(t, shown, "removed %s: the post's front matter does not set it", shown)
	default:
		c := rw.opts.Cascade
		switch {
		case c != nil && c.Code[root] != "":
			rw.problem(t, shown, "removed %s: the site's data file for it (%s) is code, which a book does not run", shown, c.Code[root])
		case c != nil:
			rw.problem(t, shown, "removed %s: neither the post's front matter nor the site's data files (_data, a folder's data file) set it", shown)
		default:
			rw.problem(t, shown, "removed %s: only site and page variables have a value in a book", shown)
		}
	}
	return ""
}

// Cascade is an Eleventy page's data as its templates see it: a bare
// name ({{ title }}, {{ metadata.id }}) is looked up in the front matter
// (Options.Page), then in each layer, nearest first, as Eleventy's data
// cascade merges them.
type Cascade struct {
	// Page is Eleventy's page variable (fileSlug, filePathStem,
	// inputPath); {{ page.x }} looks there before the front matter.
	Page map[string]any
	// Layers are the page's own data file, its folders' data files from
	// the nearest up, then the site's global data (_data/NAME.json as
	// NAME).
	Layers []map[string]any
	// Code names the global data the site computes in JavaScript
	// (_data/NAME.js), by name, for the warning when one is used.
	Code map[string]string
}

// slugify makes an address segment of a value, as Jekyll's and
// Eleventy's slugify filters do: lower case, every run of other
// characters than letters and digits one hyphen.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '\'' || r == '’':
		default:
			dash = true
		}
	}
	return b.String()
}

var varPath = regexp.MustCompile(`^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$`)

func (rw *rewriter) value(expr string) (string, bool) {
	if len(expr) >= 2 && (expr[0] == '"' || expr[0] == '\'') && expr[len(expr)-1] == expr[0] {
		return expr[1 : len(expr)-1], true
	}
	if !varPath.MatchString(expr) {
		return "", false
	}
	if v, ok := rw.vars[expr]; ok {
		return v, true
	}
	v, ok := rw.raw(strings.Split(expr, "."))
	if !ok {
		return "", false
	}
	return scalar(v)
}

// raw is the value a variable's path names: a loop's variable, a site
// or page variable, or, on an Eleventy site, a name of the page's data.
func (rw *rewriter) raw(path []string) (any, bool) {
	if v, ok := rw.scope[path[0]]; ok {
		return lookupRaw(v, path[1:])
	}
	c := rw.opts.Cascade
	switch path[0] {
	case "site":
		if v, ok := lookupRaw(rw.opts.Site, path[1:]); ok || c == nil {
			return v, ok
		}
	case "page":
		if c != nil {
			if v, ok := lookupRaw(c.Page, path[1:]); ok {
				return v, true
			}
		}
		return lookupRaw(rw.opts.Page, path[1:])
	}
	if c == nil {
		return nil, false
	}
	if v, ok := lookupRaw(rw.opts.Page, path); ok {
		return v, true
	}
	for _, l := range c.Layers {
		if v, ok := lookupRaw(l, path); ok {
			return v, true
		}
	}
	return nil, false
}

// siteURL is Jekyll's relative_url and absolute_url: the site's baseurl
// (and url) before a site address, both from the book file. Without them
// the address stays site-relative, which is how the book finds images.
func (rw *rewriter) siteURL(value string, absolute bool) string {
	if strings.Contains(value, "://") {
		return value
	}
	base, _ := lookup(rw.opts.Site, []string{"baseurl"})
	if absolute {
		if u, ok := lookup(rw.opts.Site, []string{"url"}); ok {
			base = strings.TrimSuffix(u, "/") + base
		}
	}
	if base == "" {
		return value
	}
	return strings.TrimSuffix(base, "/") + "/" + strings.TrimPrefix(value, "/")
}

// lookup follows a dotted path through front matter or site values, keys
// matched exactly, else without regard to case (Hugo's Title is title).
func lookup(m map[string]any, path []string) (string, bool) {
	v, ok := lookupRaw(m, path)
	if !ok {
		return "", false
	}
	return scalar(v)
}

// lookupRaw is lookup's value before it is made a string.
func lookupRaw(v any, path []string) (any, bool) {
	for _, key := range path {
		node, ok := v.(map[string]any)
		if !ok || node == nil {
			return nil, false
		}
		if v, ok = node[key]; ok {
			continue
		}
		keys := make([]string, 0, len(node))
		for k := range node {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		found := false
		for _, k := range keys {
			if strings.EqualFold(k, key) {
				v, found = node[k], true
				break
			}
		}
		if !found {
			return nil, false
		}
	}
	return v, true
}

func scalar(v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", true
	case string:
		return v, true
	case time.Time:
		return v.Format("2006-01-02"), true
	case bool, int, int64, uint64, float64:
		return fmt.Sprint(v), true
	case []any:
		var parts []string
		for _, e := range v {
			s, ok := scalar(e)
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return strings.Join(parts, ", "), true
	}
	return "", false
}

// splitOutside splits s at sep where sep is not inside quotes.
func splitOutside(s string, sep byte) []string {
	var parts []string
	var quote byte
	start := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == sep:
			parts = append(parts, s[start:i])
			start = i + 1
		}
	}
	return append(parts, s[start:])
}

// embedLink turns an embed (a video, a post on a social site, a gist) into
// the address of the thing itself and a label a reader understands.
func embedLink(t *Token, kind string) (href, label string) {
	id := first(t.Named("id", "url", "src"), t.Positional(0))
	title := oneLine(t.Named("title"))
	switch kind {
	case "youtube":
		if u, err := url.Parse(id); err == nil && u.Host != "" {
			if v := u.Query().Get("v"); v != "" {
				id = v
			} else {
				id = u.Path[strings.LastIndex(u.Path, "/")+1:]
			}
		}
		if id == "" {
			return "", ""
		}
		return "https://www.youtube.com/watch?v=" + url.QueryEscape(id), "Video on YouTube: " + first(title, "youtube.com/watch?v="+id)
	case "vimeo":
		if u, err := url.Parse(id); err == nil && u.Host != "" {
			id = u.Path[strings.LastIndex(u.Path, "/")+1:]
		}
		if id == "" {
			return "", ""
		}
		return "https://vimeo.com/" + url.PathEscape(id), "Video on Vimeo: " + first(title, "vimeo.com/"+id)
	case "tweet":
		if strings.Contains(id, "://") {
			return id, "Post on X (Twitter): " + strings.TrimPrefix(strings.TrimPrefix(id, "https://"), "http://")
		}
		user := strings.TrimPrefix(first(t.Named("user"), t.Positional(1)), "@")
		if t.Named("user") == "" && t.Positional(1) != "" {
			// {{< tweet user id >}}, the form before Hugo 0.112
			user, id = strings.TrimPrefix(t.Positional(0), "@"), t.Positional(1)
		}
		if id == "" {
			return "", ""
		}
		if user == "" {
			return "https://twitter.com/i/status/" + url.PathEscape(id), "Post on X (Twitter), status " + id
		}
		return "https://twitter.com/" + url.PathEscape(user) + "/status/" + url.PathEscape(id), "Post by @" + user + " on X (Twitter)"
	case "gist":
		if u := t.Named("url"); strings.Contains(u, "://") { // Zola: gist(url=…)
			return u, "Gist: " + strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
		}
		user, gist, file := t.Positional(0), t.Positional(1), t.Positional(2)
		if strings.Contains(user, "/") { // Jekyll: {% gist user/id [file] %}
			user, gist, file = user[:strings.Index(user, "/")], user[strings.Index(user, "/")+1:], t.Positional(1)
		} else if gist == "" { // Jekyll: {% gist id %}
			user, gist = "", user
		}
		if gist == "" {
			return "", ""
		}
		href = "https://gist.github.com/" + gist
		label = "Gist " + gist
		if user != "" {
			href = "https://gist.github.com/" + user + "/" + gist
			label = "Gist by " + user
		}
		if file != "" {
			label += ": " + file
		}
		return href, label
	case "instagram":
		if strings.Contains(id, "://") {
			return id, "Post on Instagram: " + first(title, id)
		}
		if id == "" {
			return "", ""
		}
		return "https://www.instagram.com/p/" + url.PathEscape(id) + "/", "Post on Instagram: " + first(title, id)
	default:
		if id == "" {
			return "", ""
		}
		return id, "Embedded content: " + first(title, id)
	}
}

// EmbedLink reads tag as one Liquid tag or Hugo shortcode of a player or
// a post from elsewhere ({% youtube id %}, {{< gist user id >}}, tweet,
// vimeo) and returns the address and label of the link a book shows for
// it, as Rewrite writes it. It is for the HTML of feeds and exports, where
// a generator sometimes left such a tag unrendered.
func EmbedLink(tag string) (href, label string, ok bool) {
	toks := Tokenize([]byte(tag), nil)
	if len(toks) != 1 {
		return "", "", false
	}
	t := &toks[0]
	if (t.Kind != Tag && t.Kind != Shortcode) || t.Close || t.Unterminated || t.Escaped || t.Zola {
		return "", "", false
	}
	switch kind := builtin[t.Name]; kind {
	case "youtube", "vimeo", "tweet", "gist":
		href, label = embedLink(t, kind)
		return href, label, href != ""
	}
	return "", "", false
}
