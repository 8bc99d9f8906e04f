package expr

import (
	"reflect"
	"testing"
)

func TestCycles(t *testing.T) {
	tests := []struct {
		name  string
		calcs map[string]string
		want  [][]string
	}{
		{"none", map[string]string{"a": "${b} + 1", "b": "${c} * 2", "c": "${age}"}, [][]string{}},
		{"empty", map[string]string{}, [][]string{}},
		{"self", map[string]string{"a": "${a} + 1", "b": "1"}, [][]string{{"a"}}},
		{"once does not excuse a self reference", map[string]string{"n": "once(${n} + 1)"}, [][]string{{"n"}}},
		{"pair", map[string]string{"a": "${b}", "b": "${a}"}, [][]string{{"a", "b"}}},
		{"triangle reported from smallest name", map[string]string{
			"total": "${sub} + 1", "sub": "${share} * 2", "share": "${total} div 3",
		}, [][]string{{"share", "total", "sub"}}},
		{"two groups and a bystander", map[string]string{
			"a": "${b}", "b": "${a}",
			"x": "${y} + ${z}", "y": "${x}", "z": "${x}",
			"ok": "${a} + ${x}",
		}, [][]string{{"a", "b"}, {"x", "y"}}},
		{"shortest path inside a group", map[string]string{
			"a": "${b} + ${d}", "b": "${c}", "c": "${a}", "d": "${a}",
		}, [][]string{{"a", "d"}}},
		{"reference inside a literal counts", map[string]string{
			"a": "jr:choice-name(${q}, '${b}')", "b": "${a}",
		}, [][]string{{"a", "b"}}},
		{"references to non-calculations are ignored", map[string]string{"a": "${b} + ${c}"}, [][]string{}},
	}
	for _, tt := range tests {
		calcs := map[string]*Expr{}
		for name, src := range tt.calcs {
			calcs[name] = MustParse(src)
		}
		got := Cycles(calcs)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Cycles = %q, want %q", tt.name, got, tt.want)
		}
	}
	// nil expressions are skipped rather than dereferenced.
	if got := Cycles(map[string]*Expr{"a": nil, "b": MustParse("${a}")}); len(got) != 0 {
		t.Errorf("nil entry: %q", got)
	}
}

func TestCyclesLongChain(t *testing.T) {
	calcs := map[string]*Expr{}
	const n = 2000
	name := func(i int) string { return "q" + formatNumber(float64(i)) }
	for i := 0; i < n; i++ {
		calcs[name(i)] = MustParse("${" + name((i+1)%n) + "} + 1")
	}
	got := Cycles(calcs)
	if len(got) != 1 || len(got[0]) != n || got[0][0] != "q0" || got[0][1] != "q1" {
		t.Fatalf("ring of %d: got %d cycles, first of length %d", n, len(got), len(got[0]))
	}
}
