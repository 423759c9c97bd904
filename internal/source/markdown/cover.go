package markdown

import (
	"bytes"
	"path"
	"strings"

	"github.com/anthology-book/anthology/internal/source/markdown/dialect"
)

// A post's page often opens with a picture its front matter names, drawn
// by the theme above the text: PaperMod's cover.image, Ananke's
// featured_image, LoveIt's and FixIt's featuredImage, Minimal Mistakes'
// header.image, Chirpy's image.path. The book opens the post with it too.
// A bare image: or images: is left alone: most themes put it only in the
// page's preview for social sites (jekyll-seo-tag, Hugo's opengraph).

// pageImage is the picture a post's page shows above its text.
type pageImage struct {
	src, alt, caption string
}

// coverOf returns the picture fm asks the page to open with, if any.
func coverOf(fm frontMatter) (pageImage, bool) {
	str := func(m map[string]any, key string) string {
		s, _ := m[key].(string)
		return strings.TrimSpace(s)
	}
	truthy := func(v any) bool { b, _ := v.(bool); return b }
	switch c := fm["cover"].(type) {
	case string: // hugo-theme-terminal, hello-friend
		if s := strings.TrimSpace(c); s != "" {
			return pageImage{src: s}, true
		}
	case map[string]any: // PaperMod
		if src := str(c, "image"); src != "" && !truthy(c["hidden"]) && !truthy(c["hiddenInSingle"]) {
			return pageImage{src: src, alt: str(c, "alt"), caption: str(c, "caption")}, true
		}
	}
	for _, key := range []string{"featured_image", "featuredImage", "feature_image"} {
		if s, ok := fm[key].(string); ok && strings.TrimSpace(s) != "" {
			return pageImage{src: strings.TrimSpace(s)}, true
		}
	}
	if h, ok := fm["header"].(map[string]any); ok { // Minimal Mistakes
		src := str(h, "image")
		if src == "" {
			src = str(h, "overlay_image")
		}
		if src != "" {
			return pageImage{src: src, alt: str(h, "image_description"), caption: str(h, "caption")}, true
		}
	}
	if im, ok := fm["image"].(map[string]any); ok { // Chirpy; feature as some Jekyll themes
		src := str(im, "feature")
		if src == "" {
			src = str(im, "path")
		}
		if src != "" && !truthy(im["hidden"]) {
			return pageImage{src: src, alt: str(im, "alt"), caption: str(im, "caption")}, true
		}
	}
	return pageImage{}, false
}

// withCover opens body with the page's picture, unless the body shows the
// same file itself. It returns the body and how many lines it added. A
// picture on the web is added only when images may be fetched; else the
// problem says it was left out.
func withCover(body []byte, fm frontMatter, web bool) ([]byte, int, []dialect.Problem) {
	img, ok := coverOf(fm)
	if !ok || strings.ContainsAny(img.src, "\n<>") {
		return body, 0, nil
	}
	remote := strings.Contains(img.src, "://") || strings.HasPrefix(img.src, "//")
	if showsFile(body, path.Base(strings.SplitN(img.src, "?", 2)[0])) {
		return body, 0, nil
	}
	if remote && !web {
		return body, 0, []dialect.Problem{{Key: "cover on the web", Msg: "the cover picture on the web (" + img.src + ") is left out: --fetch-images downloads it"}}
	}
	// A cover without a text of its own is an ornament, as the theme
	// draws it (a banner behind the title): the book marks it decorative
	// (internal/markup), or describes it by its caption.
	line := "![" + escapeMarkdown(img.alt) + "](<" + img.src + ">"
	switch {
	case img.caption != "":
		if img.alt == "" {
			line = "![" + escapeMarkdown(img.caption) + "](<" + img.src + ">"
		}
		line += ` "` + strings.ReplaceAll(escapeMarkdown(img.caption), `"`, `\"`) + `"`
	case img.alt == "":
		line += ` "decorative"`
	}
	line += ")\n\n"
	return append([]byte(line), body...), 2, nil
}

// showsFile reports whether body names the file name: where it stands
// after a slash, a bracket, a quote or a space ("1.jpeg" in
// "images/1.jpeg", not in "11.jpeg").
func showsFile(body []byte, name string) bool {
	if name == "" || name == "." || name == "/" {
		return false
	}
	for i := 0; ; {
		j := bytes.Index(body[i:], []byte(name))
		if j < 0 {
			return false
		}
		j += i
		if j == 0 || strings.IndexByte("/(<[\"' \t\n=", body[j-1]) >= 0 {
			return true
		}
		i = j + 1
	}
}

// escapeMarkdown escapes the characters that would end or mark up an
// image's alt text or title.
func escapeMarkdown(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\[]*_`<>!", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
