package store

import (
	"fmt"
	"testing"
)

func TestPickRounds(t *testing.T) {
	for _, c := range []struct {
		rounds       []string
		base, latest int
	}{
		{nil, -1, -1},
		{[]string{""}, 0, -1},
		{[]string{"", ""}, 0, 1},
		{[]string{"follow_up", "baseline", "follow_up", "follow_up"}, 1, 3},
		{[]string{"baseline", "baseline"}, 0, -1},
		{[]string{"baseline", "follow_up", "baseline"}, 0, 1},
		{[]string{"follow_up"}, 0, -1},
	} {
		b, l := pickRounds(c.rounds)
		if b != c.base || l != c.latest {
			t.Errorf("pickRounds(%q) = %d, %d; want %d, %d", c.rounds, b, l, c.base, c.latest)
		}
	}
}

func TestBucketOf(t *testing.T) {
	got := fmt.Sprint(bucketOf(0), bucketOf(0.0999), bucketOf(0.1), bucketOf(0.55), bucketOf(0.9999), bucketOf(1), bucketOf(-0.1), bucketOf(1.5))
	if got != "0 0 1 5 9 9 0 9" {
		t.Errorf("buckets %s", got)
	}
}

func TestStoredAnswersOfBothChannels(t *testing.T) {
	for data, want := range map[string]string{
		`{"form_id":"f","meta":{},"values":{"a/b":"yes"}}`:                "yes", // web: the instance
		`{"form_id":"f","values":{"a/b":"yes"},"problems":[{"key":"x"}]}`: "yes", // OpenRosa: instance and problems
		`{"instance":{"values":{"a/b":"yes"}},"problems":[]}`:             "yes", // nested
		`{"form_id":"f"}`: "",
	} {
		v, err := storedAnswers(data)
		if err != nil || v["a/b"] != want {
			t.Errorf("%s: %v %v", data, v, err)
		}
	}
	if _, err := storedAnswers("not json"); err == nil {
		t.Error("not JSON read")
	}
}

// FuzzStoredAnswers: whatever is stored, reading it never panics.
func FuzzStoredAnswers(f *testing.F) {
	f.Add(`{"values":{"a":"1"}}`)
	f.Add(`{"instance":{"values":{"a":"1"}}}`)
	f.Add(`{"values":null,"instance":null}`)
	f.Fuzz(func(t *testing.T, data string) {
		storedAnswers(data)
	})
}
