package markdown

import (
	"path"
	"strings"
)

// Chirpy, the most used Jekyll theme, reads a post's relative image
// paths below a folder its front matter names: media_subpath (img_path
// before Chirpy 7), given in the post or for a folder of posts by the
// site config's defaults. Without it, the images of two posts that share
// a file name (shot.png) could not be told apart.

// mediaKeys are the front matter keys of that folder, the newest first.
var mediaKeys = []string{"media_subpath", "img_path"}

// scopedDefault is one entry of a Jekyll config's defaults: front matter
// values for the files below a path, of one type of document.
type scopedDefault struct {
	path, typ string
	values    frontMatter
}

// jekyllDefaults reads the defaults of a Jekyll config.
func jekyllDefaults(vars map[string]any) []scopedDefault {
	list, _ := vars["defaults"].([]any)
	var out []scopedDefault
	for _, e := range list {
		m, ok := asMap(e)
		if !ok {
			continue
		}
		values, ok := asMap(m["values"])
		if !ok {
			continue
		}
		d := scopedDefault{values: values}
		if scope, ok := asMap(m["scope"]); ok {
			d.path, _ = scope["path"].(string)
			d.typ, _ = scope["type"].(string)
		}
		d.path = strings.Trim(path.Clean("/"+d.path), "/")
		out = append(out, d)
	}
	return out
}

// applies reports whether d is for the post at rel (below the site).
func (d scopedDefault) applies(rel string) bool {
	if d.typ != "" && d.typ != "posts" {
		return false
	}
	if d.path == "" {
		return true
	}
	if strings.ContainsAny(d.path, "*?[") {
		ok, _ := path.Match(d.path, rel)
		return ok
	}
	return rel == d.path || strings.HasPrefix(rel, d.path+"/")
}

// defaultStr is the value the defaults give key for the post at rel: the
// entry with the longest path wins, then the later one, as in Jekyll.
func defaultStr(defaults []scopedDefault, rel string, keys ...string) string {
	value, best := "", -1
	for _, d := range defaults {
		if !d.applies(rel) {
			continue
		}
		if v := d.values.str(keys...); v != "" && len(d.path) >= best {
			value, best = v, len(d.path)
		}
	}
	return value
}

// mediaPath is the folder a post's relative image paths are read below,
// or "": its front matter's, else the one the site's defaults give its
// file (rel, below the site).
func mediaPath(fm frontMatter, defaults []scopedDefault, rel string) string {
	if v := fm.str(mediaKeys...); v != "" {
		return v
	}
	return defaultStr(defaults, rel, mediaKeys...)
}
