package htmlconv

import (
	"regexp"
	"strings"

	"github.com/anthology-book/anthology/internal/source/markdown/dialect"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// embedTag finds a player or a post from elsewhere that a static site
// generator left unrendered in the HTML it published: {% youtube id %},
// {{< gist user id >}}. Other braces are kept: in a feed they may be
// content, such as a log line or a template shown as an example.
var embedTag = regexp.MustCompile(`\{%-?\s*(?:youtube|vimeo|tweet|twitter|gist)\s[^%{}]*-?%\}|\{\{<\s*(?:youtube|vimeo|tweet|twitter|gist)\s[^<>{}]*>\}\}`)

// linkEmbeds replaces the embed tags of text node c, a child of parent,
// with links to what they show, as the Markdown reader writes them.
func linkEmbeds(parent, c *html.Node) {
	if !strings.Contains(c.Data, "{") || inCode(parent) {
		return
	}
	s := c.Data
	matches := embedTag.FindAllStringIndex(s, -1)
	if matches == nil {
		return
	}
	at := 0
	for _, m := range matches {
		href, label, ok := dialect.EmbedLink(s[m[0]:m[1]])
		if !ok {
			continue
		}
		if m[0] > at {
			parent.InsertBefore(&html.Node{Type: html.TextNode, Data: s[at:m[0]]}, c)
		}
		parent.InsertBefore(link(href, label), c)
		at = m[1]
	}
	if at == 0 {
		return
	}
	if at < len(s) {
		parent.InsertBefore(&html.Node{Type: html.TextNode, Data: s[at:]}, c)
	}
	parent.RemoveChild(c)
}

// inCode reports whether n is or sits in code, where tags are shown as
// written.
func inCode(n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		switch n.DataAtom {
		case atom.Pre, atom.Code, atom.Kbd, atom.Samp, atom.Script, atom.Style, atom.Textarea:
			return true
		}
	}
	return false
}
