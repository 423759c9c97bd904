package markup

import (
	"bytes"
	"net/url"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// browserOnly are the raw HTML elements a post wrote for a browser that a
// book cannot hold: players become links to what they play, forms and their
// controls go, content and all. (Scripts and styles the sanitizer drops.)
var browserOnly = [][]byte{[]byte("<iframe"), []byte("<video"), []byte("<audio"), []byte("<object"),
	[]byte("<embed"), []byte("<form"), []byte("<button"), []byte("<select"), []byte("<textarea"), []byte("<input")}

// replaceEmbeds rewrites one rendered block before it is sanitized: an
// iframe, video, audio, object or embed becomes a link to its source with
// a label a reader understands, and forms are dropped. A block without any
// of them is returned as it is.
func replaceEmbeds(raw []byte) []byte {
	lower := bytes.ToLower(raw)
	found := false
	for _, tag := range browserOnly {
		if bytes.Contains(lower, tag) {
			found = true
			break
		}
	}
	if !found {
		return raw
	}
	body := &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := xhtml.ParseFragment(bytes.NewReader(raw), body)
	if err != nil {
		return raw
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	rewriteEmbeds(body)
	var out bytes.Buffer
	for c := body.FirstChild; c != nil; c = c.NextSibling {
		if err := xhtml.Render(&out, c); err != nil {
			return raw
		}
	}
	return out.Bytes()
}

func rewriteEmbeds(n *xhtml.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == xhtml.ElementNode {
			switch c.DataAtom {
			case atom.Iframe, atom.Video, atom.Audio, atom.Object, atom.Embed:
				embedToLink(c)
			case atom.Form, atom.Button, atom.Select, atom.Textarea:
				n.RemoveChild(c)
			case atom.Input:
				if !strings.EqualFold(attr(c, "type"), "checkbox") { // task lists keep theirs
					n.RemoveChild(c)
				}
			default:
				rewriteEmbeds(c)
			}
		}
		c = next
	}
}

// embedToLink puts a link to what n plays in its place, in a paragraph of
// its own where n stood between blocks; an embed of nothing goes.
func embedToLink(n *xhtml.Node) {
	parent := n.Parent
	href, label := embedTarget(n)
	if href == "" {
		parent.RemoveChild(n)
		return
	}
	a := &xhtml.Node{Type: xhtml.ElementNode, Data: "a", DataAtom: atom.A, Attr: []xhtml.Attribute{{Key: "href", Val: href}}}
	a.AppendChild(&xhtml.Node{Type: xhtml.TextNode, Data: label})
	link := a
	if parent.DataAtom == atom.Body {
		link = &xhtml.Node{Type: xhtml.ElementNode, Data: "p", DataAtom: atom.P}
		link.AppendChild(a)
	}
	parent.InsertBefore(link, n)
	parent.RemoveChild(n)
}

// embedTarget is the address of what an embed shows, as a reader would
// open it (a YouTube watch page rather than its player), and a label.
func embedTarget(n *xhtml.Node) (href, label string) {
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
