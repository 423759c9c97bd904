package markup

import "strings"

// postScheme marks a link destination that points at another post of the
// book. A links pass rewrites links between posts to it; each renderer then
// maps it to that post's place in its own output.
const postScheme = "anthology-post:"

// PostHref returns the destination of a link to the post with the given ID,
// optionally to an element of it (fragment without '#').
func PostHref(id, fragment string) string {
	if fragment == "" {
		return postScheme + id
	}
	return postScheme + id + "#" + fragment
}

// ParsePostHref reports whether href points at a post of the book, and
// which post and fragment.
func ParsePostHref(href string) (id, fragment string, ok bool) {
	rest, ok := strings.CutPrefix(href, postScheme)
	if !ok || rest == "" {
		return "", "", false
	}
	id, fragment, _ = strings.Cut(rest, "#")
	return id, fragment, id != ""
}
