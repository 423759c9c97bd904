package markdown

import (
	"errors"
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

// ParseDate reads a date as front matter writes it. A date in a known
// form that no calendar has (2019-02-30) is told apart from a form it does
// not know, and so is year 0, which is no year.
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	var impossible error
	for _, layout := range dateLayouts {
		t, err := time.Parse(layout, s)
		if err == nil {
			return t, checkYear(t, s)
		}
		var perr *time.ParseError
		if impossible == nil && errors.As(err, &perr) && strings.Contains(perr.Message, "out of range") {
			impossible = fmt.Errorf("impossible date %q: %s", s, strings.TrimPrefix(perr.Message, ": "))
		}
	}
	if impossible != nil {
		return time.Time{}, impossible
	}
	return time.Time{}, fmt.Errorf("unknown date format %q (use 2006-01-02, 2006-01-02 15:04:05 -0700 or RFC 3339)", s)
}

// checkYear refuses the years before 1: year 0 does not exist, and
// 0001-01-01 is how "no date" is kept.
func checkYear(t time.Time, s string) error {
	if t.Year() < 1 || t.IsZero() {
		return fmt.Errorf("impossible date %q: the year must be 1 or later", s)
	}
	return nil
}

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

func (fm frontMatter) date(keys ...string) (time.Time, error) {
	key, v, ok := fm.lookupKey(keys...)
	if !ok || v == nil {
		return time.Time{}, nil
	}
	switch v := v.(type) {
	case time.Time:
		if err := checkYear(v, v.Format(time.RFC3339)); err != nil {
			return time.Time{}, &fieldError{key, err}
		}
		return floating(v), nil
	case string:
		if strings.TrimSpace(v) == "" {
			return time.Time{}, nil
		}
		t, err := ParseDate(v)
		if err != nil {
			return time.Time{}, &fieldError{key, err}
		}
		return t, nil
	default:
		return time.Time{}, &fieldError{key, fmt.Errorf("unknown date format %q", fmt.Sprint(v))}
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
