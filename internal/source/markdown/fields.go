package markdown

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// dateLayouts are the date forms front matter may use. A form without a
// zone is read as UTC; a form with one keeps it.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04 -0700",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseDate reads a date as front matter writes it.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("unknown date format %q (use 2006-01-02, 2006-01-02 15:04:05 -0700 or RFC 3339)", s)
}

// lookup returns the first of keys present, matched without regard to case
// (Hugo accepts both "Title" and "title").
func (fm frontMatter) lookup(keys ...string) (any, bool) {
	for _, want := range keys {
		if v, ok := fm[want]; ok {
			return v, true
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
				return fm[k], true
			}
		}
	}
	return nil, false
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
	v, ok := fm.lookup(keys...)
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
	return false, true, fmt.Errorf("%s: want true or false, got %v", keys[0], v)
}

func (fm frontMatter) date(keys ...string) (time.Time, error) {
	v, ok := fm.lookup(keys...)
	if !ok || v == nil {
		return time.Time{}, nil
	}
	switch v := v.(type) {
	case time.Time:
		return floating(v), nil
	case string:
		if strings.TrimSpace(v) == "" {
			return time.Time{}, nil
		}
		t, err := ParseDate(v)
		if err != nil {
			return time.Time{}, fmt.Errorf("%s: %w", keys[0], err)
		}
		return t, nil
	default:
		return time.Time{}, fmt.Errorf("%s: unknown date format %v", keys[0], v)
	}
}

// floating reads a date decoded without a zone (TOML's local dates) as UTC,
// so that the build machine's zone never changes a book.
func floating(t time.Time) time.Time {
	switch t.Location().String() {
	case "Local", "datetime-local", "date-local", "time-local":
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	return t
}
