package markup

import (
	"net/url"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// EmbedTarget is the address of what an embed shows, as a reader would
// open it (a YouTube watch page rather than its player), and a label.
func EmbedTarget(n *xhtml.Node) (href, label string) {
	src := attr(n, "src")
	if n.DataAtom == atom.Object {
		src = attr(n, "data")
	}
	if src == "" {
		for c := n.FirstChild; c != nil && src == ""; c = c.NextSibling {
			if c.Type == xhtml.ElementNode && c.DataAtom == atom.Source {
				src = attr(c, "src")
			}
		}
	}
	src = strings.TrimSpace(src)
	if strings.HasPrefix(src, "//") {
		src = "https:" + src
	}
	u, err := url.Parse(src)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return "", ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	kind := "Embedded content"
	switch n.DataAtom {
	case atom.Video:
		kind = "Video"
	case atom.Audio:
		kind = "Audio"
	}
	last := u.Path[strings.LastIndex(u.Path, "/")+1:]
	if n.DataAtom == atom.Script {
		// A script is an embed only where it draws something a reader
		// can open at its address: a gist, a terminal recording. Others
		// (counters, widgets' loaders) show nothing of the post.
		id := strings.TrimSuffix(u.Path, ".js")
		switch {
		case host == "gist.github.com" && strings.HasSuffix(u.Path, ".js") && (strings.Count(id, "/") == 1 || strings.Count(id, "/") == 2):
			// Labelled as {% gist user/id %} is (internal/source/markdown/dialect).
			label = "Gist " + strings.TrimPrefix(id, "/")
			if user, _, ok := strings.Cut(strings.TrimPrefix(id, "/"), "/"); ok {
				label = "Gist by " + user
			}
			if file := u.Query().Get("file"); file != "" {
				label += ": " + file
			}
			return "https://gist.github.com" + id, label
		case host == "asciinema.org" && strings.HasPrefix(u.Path, "/a/") && strings.HasSuffix(u.Path, ".js"):
			src = "https://asciinema.org" + id
			return src, "Recording on asciinema: asciinema.org" + id
		}
		return "", ""
	}
	switch {
	case (host == "youtube.com" || host == "youtube-nocookie.com") && strings.HasPrefix(u.Path, "/embed/") && last != "":
		src, kind = "https://www.youtube.com/watch?v="+url.QueryEscape(last), "Video on YouTube"
	case host == "player.vimeo.com" && strings.HasPrefix(u.Path, "/video/") && last != "":
		src, kind = "https://vimeo.com/"+url.PathEscape(last), "Video on Vimeo"
	case host == "open.spotify.com" && strings.HasPrefix(u.Path, "/embed/"):
		src, kind = "https://open.spotify.com/"+strings.TrimPrefix(u.Path, "/embed/"), "On Spotify"
	case strings.HasSuffix(host, "google.com") && strings.HasPrefix(u.Path, "/maps"):
		kind = "Map"
	}
	shown := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(src, "https://"), "http://"), "www.")
	if title := strings.Join(strings.Fields(attr(n, "title")), " "); title != "" {
		shown = title
	}
	return src, kind + ": " + shown
}
