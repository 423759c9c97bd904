package theme

import (
	"strings"
	"unicode"
)

// A blog writes its own and others' addresses in its text: a handle
// ("@name"), a host ("pic.twitter.com", "example.org"), a link written
// out. Their words say where something is, not what a post is about, and
// one blog repeats its own so often that they would make chapters ("Pic &
// Mmistakes"). They are read as a break between words.

// topLevelDomains end the host names that are read as addresses, written
// in lower case as addresses are ("ASP.NET" is a name).
var topLevelDomains = wordSet("com org net io dev app co edu gov info me ai ly sh xyz tv fm " +
	"fr de uk ca us eu be ch nl es it jp au nz")

// dropAddresses returns text with each handle, host name and written-out
// link replaced by a full stop; text itself when it has none.
func dropAddresses(text string) string {
	var b *strings.Builder
	last := 0 // end of the text copied into b
	for i := 0; i < len(text); {
		for i < len(text) && isSpaceByte(text[i]) {
			i++
		}
		j := i
		for j < len(text) && !isSpaceByte(text[j]) {
			j++
		}
		if j > i && isAddress(text[i:j]) {
			if b == nil {
				b = &strings.Builder{}
				b.Grow(len(text))
			}
			b.WriteString(text[last:i])
			b.WriteString(".")
			last = j
		}
		i = j
	}
	if b == nil {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r'
}

// isAddress reports whether tok is a handle, a link or a host name. All
// of it goes: a link's path is its site's words, a slug or a number, more
// often than the post's.
func isAddress(tok string) bool {
	rest := strings.TrimLeft(tok, "([<\"'“‘")
	if len(rest) > 1 && rest[0] == '@' && isWordStart(rest[1:]) {
		return true
	}
	if k := strings.Index(rest, "://"); k > 0 {
		return true
	}
	hostEnd := strings.IndexAny(rest, "/?#)>]")
	if hostEnd < 0 {
		hostEnd = len(rest)
	}
	host := strings.TrimRightFunc(rest[:hostEnd], func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	dot := strings.LastIndexByte(host, '.')
	return dot > 0 && topLevelDomains[host[dot+1:]]
}

func isWordStart(s string) bool {
	for _, r := range s {
		return unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	return false
}
