package markup

import (
	"path"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// decorativeTitle is the title that marks an image as decorative, needing
// no text alternative: ![](divider.png "decorative").
const decorativeTitle = "decorative"

// decorativeKey is the attribute that marks a decorative image's node.
var decorativeKey = []byte("anthology-decorative")

// sourceKey is the attribute that keeps an image's address as the post
// wrote it, once the image stage has pointed it at the book's copy.
var sourceKey = []byte("anthology-source")

// PointAt points img at the book's copy of its picture, keeping the
// address the post wrote for messages (SourceAddress).
func PointAt(img *ast.Image, name string) {
	if _, ok := img.Attribute(sourceKey); !ok {
		img.SetAttribute(sourceKey, string(img.Destination))
	}
	img.Destination = []byte(name)
}

// SourceAddress is the address the post wrote for img.
func SourceAddress(img *ast.Image) string {
	if v, ok := img.Attribute(sourceKey); ok {
		if s, ok := v.(string); ok {
			return s
		}
	}
	return string(img.Destination)
}

// markDecorative marks the images whose title says they are decorative,
// and drops that title, which is no caption.
func markDecorative(root ast.Node) {
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if img, ok := n.(*ast.Image); ok && entering && strings.EqualFold(strings.TrimSpace(string(img.Title)), decorativeTitle) {
			img.Title = nil
			img.SetAttribute(decorativeKey, true)
		}
		return ast.WalkContinue, nil
	})
}

// IsDecorative reports whether an image was marked decorative: its alt
// text is then empty on purpose.
func IsDecorative(img *ast.Image) bool {
	_, ok := img.Attribute(decorativeKey)
	return ok
}

// fillAlt gives an image without alt text the text its post gives it
// elsewhere: its title, else its figure's caption.
func (n *normaliser) fillAlt(root ast.Node) {
	_ = ast.Walk(root, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		img, ok := c.(*ast.Image)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		if IsDecorative(img) || strings.TrimSpace(plainText(img, n.src)) != "" {
			return ast.WalkSkipChildren, nil
		}
		alt := strings.TrimSpace(string(img.Title))
		if alt == "" {
			if f := figureOf(img); f != nil && f.Caption() != nil {
				alt = strings.TrimSpace(plainText(f.Caption(), n.src))
			}
		}
		if alt != "" {
			for k := img.FirstChild(); k != nil; k = img.FirstChild() {
				img.RemoveChild(img, k)
			}
			img.AppendChild(img, n.text(alt))
		}
		return ast.WalkSkipChildren, nil
	})
}

// figureOf returns the figure an image is the picture of, or nil.
func figureOf(img *ast.Image) *Figure {
	for p := img.Parent(); p != nil; p = p.Parent() {
		if f, ok := p.(*Figure); ok {
			if f.Image() == img {
				return f
			}
			return nil
		}
	}
	return nil
}

// MissingAlt lists the addresses of the post's images that have no text
// alternative and are not decorative. An image the decorative patterns
// match (by address or file name, as path.Match reads them) is marked
// decorative first.
func (d *Doc) MissingAlt(decorative []string) []string {
	var missing []string
	seen := map[string]bool{}
	_ = ast.Walk(d.Root, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		img, ok := c.(*ast.Image)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		dest := SourceAddress(img)
		if matchAny(decorative, dest) {
			img.SetAttribute(decorativeKey, true)
		}
		if !IsDecorative(img) && strings.TrimSpace(plainText(img, d.Source)) == "" && !seen[dest] {
			seen[dest] = true
			missing = append(missing, dest)
		}
		return ast.WalkSkipChildren, nil
	})
	return missing
}

func matchAny(patterns []string, dest string) bool {
	name := dest
	if i := strings.IndexAny(name, "?#"); i >= 0 {
		name = name[:i]
	}
	for _, p := range patterns {
		if ok, _ := path.Match(p, name); ok {
			return true
		}
		if ok, _ := path.Match(p, path.Base(name)); ok {
			return true
		}
	}
	return false
}
