package markdown

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// fieldError is an error in the front matter field key, as written.
type fieldError struct {
	key string
	err error
}

func (e *fieldError) Error() string { return fmt.Sprintf("%s: %v", e.key, e.err) }
func (e *fieldError) Unwrap() error { return e.err }

// lookup returns the first of keys present, matched without regard to case
// (Hugo accepts both "Title" and "title").
func (fm frontMatter) lookup(keys ...string) (any, bool) {
	_, v, ok := fm.lookupKey(keys...)
	return v, ok
}

// lookupKey is lookup that also returns the key as the front matter
// writes it.
func (fm frontMatter) lookupKey(keys ...string) (string, any, bool) {
	for _, want := range keys {
		if v, ok := fm[want]; ok {
			return want, v, true
		}
	}
	names := make([]string, 0, len(fm))
	for k := range fm {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, want := range keys {
		for _, k := range names {
			if strings.EqualFold(k, want) {
				return k, fm[k], true
			}
		}
	}
	return "", nil, false
}

func (fm frontMatter) str(keys ...string) string {
	v, ok := fm.lookup(keys...)
	if !ok || v == nil {
		return ""
	}
	switch v := v.(type) {
	case string:
		return strings.TrimSpace(v)
	case map[string]any:
		// author: {name: ...}, cover: {image: ...}
		for _, k := range []string{"name", "image", "src", "url"} {
			if s, ok := v[k].(string); ok {
				return strings.TrimSpace(s)
			}
		}
		return ""
	case []any:
		if len(v) > 0 {
			return frontMatter{"x": v[0]}.str("x")
		}
		return ""
	default:
		return strings.TrimSpace(fmt.Sprint(v))
	}
}

// list reads a list field that may also be written as one string,
// comma-separated ("tags: a, b") or space-separated for Jekyll's
// "categories: a b".
func (fm frontMatter) list(spaceSeparated bool, keys ...string) []string {
	v, ok := fm.lookup(keys...)
	if !ok || v == nil {
		return nil
	}
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	switch v := v.(type) {
	case []any:
		for _, e := range v {
			add(fmt.Sprint(e))
		}
	case []string:
		for _, e := range v {
			add(e)
		}
	case map[string]any:
		// tags: {go: true, web: true}: the keys are the names.
		names := make([]string, 0, len(v))
		for k := range v {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			add(k)
		}
	case string:
		switch {
		case strings.Contains(v, ","):
			for _, e := range strings.Split(v, ",") {
				add(e)
			}
		case spaceSeparated:
			for _, e := range strings.Fields(v) {
				add(e)
			}
		default:
			add(v)
		}
	default:
		add(fmt.Sprint(v))
	}
	return out
}

func (fm frontMatter) boolean(keys ...string) (value, present bool, err error) {
	key, v, ok := fm.lookupKey(keys...)
	if !ok || v == nil {
		return false, false, nil
	}
	switch v := v.(type) {
	case bool:
		return v, true, nil
	case string:
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "true", "yes":
			return true, true, nil
		case "false", "no", "":
			return false, true, nil
		}
	}
	return false, true, &fieldError{key, fmt.Errorf("want true or false, got %q", fmt.Sprint(v))}
}

// date reads a date field; a date without a zone is in loc, the site's
// zone.
func (fm frontMatter) date(loc *time.Location, keys ...string) (time.Time, error) {
	key, v, ok := fm.lookupKey(keys...)
	if !ok || v == nil {
		return time.Time{}, nil
	}
	switch v := v.(type) {
	case time.Time:
		if err := checkYear(v, v.Format(time.RFC3339)); err != nil {
			return time.Time{}, &fieldError{key, err}
		}
		return floating(v, loc), nil
	case string:
		if strings.TrimSpace(v) == "" {
			return time.Time{}, nil
		}
		t, err := ParseDateIn(v, loc)
		if err != nil {
			return time.Time{}, &fieldError{key, err}
		}
		return t, nil
	default:
		return time.Time{}, &fieldError{key, fmt.Errorf("unknown date format %q", fmt.Sprint(v))}
	}
}

// floating reads a date decoded without a zone (TOML's local dates, YAML
// timestamps without an offset) in loc, the site's zone, else UTC, so that
// the build machine's zone never changes a book.
func floating(t time.Time, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	switch t.Location().String() {
	case "Local", "datetime-local", "date-local", "time-local":
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
	}
	return t
}
