package expr

import "sort"

// Cycles finds circular definitions among calculations (question name to
// calculate expression): ODK refuses such forms, and evaluating them would
// never settle. Each cycle lists names so that each one's calculation
// refers to the next and the last refers to the first; it starts at its
// alphabetically smallest name. A calculation referring to itself is a
// cycle of one. One cycle is reported per strongly connected group, groups
// ordered by their first name; the result is empty when there are none.
// References to names that are not calculations are ignored.
func Cycles(calcs map[string]*Expr) [][]string {
	names := make([]string, 0, len(calcs))
	for name, e := range calcs {
		if e != nil {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	edges := make(map[string][]string, len(names))
	for _, name := range names {
		var out []string
		for _, r := range calcs[name].refs {
			if e, ok := calcs[r]; ok && e != nil {
				out = append(out, r)
			}
		}
		sort.Strings(out)
		edges[name] = out
	}

	// Tarjan's strongly connected components.
	index := make(map[string]int, len(names))
	low := make(map[string]int, len(names))
	onStack := make(map[string]bool, len(names))
	var stack []string
	var comps [][]string
	next := 0
	var strong func(v string)
	strong = func(v string) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range edges[v] {
			if _, seen := index[w]; !seen {
				strong(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			var comp []string
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp = append(comp, w)
				if w == v {
					break
				}
			}
			comps = append(comps, comp)
		}
	}
	for _, v := range names {
		if _, seen := index[v]; !seen {
			strong(v)
		}
	}

	cycles := [][]string{}
	for _, comp := range comps {
		if len(comp) == 1 && !contains(edges[comp[0]], comp[0]) {
			continue
		}
		sort.Strings(comp)
		cycles = append(cycles, cycleThrough(comp, edges))
	}
	sort.Slice(cycles, func(i, j int) bool { return cycles[i][0] < cycles[j][0] })
	return cycles
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// cycleThrough returns a shortest cycle through the smallest member of a
// strongly connected component, found breadth-first so the path shown to
// the form author is as short as possible.
func cycleThrough(comp []string, edges map[string][]string) []string {
	start := comp[0]
	in := make(map[string]bool, len(comp))
	for _, c := range comp {
		in[c] = true
	}
	prev := map[string]string{}
	queue := []string{start}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		for _, w := range edges[v] {
			if !in[w] {
				continue
			}
			if w == start {
				path := []string{v}
				for v != start {
					v = prev[v]
					path = append(path, v)
				}
				// reverse: start ... v
				for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
					path[i], path[j] = path[j], path[i]
				}
				return path
			}
			if _, seen := prev[w]; !seen && w != start {
				prev[w] = v
				queue = append(queue, w)
			}
		}
	}
	return comp // unreachable for a real component
}
