package expr_test

import (
	"fmt"
	"time"

	"github.com/remaker-bd/remaker/internal/forms/expr"
)

func Example() {
	// Parse once when the form is imported...
	relevant := expr.MustParse("selected(${services}, 'cash') and ${age} >= 18")
	age := expr.MustParse("int((today() - ${dob}) div 365.25)")

	// ...evaluate per submission.
	env := expr.NewMapEnv(map[string]string{
		"services": "training cash",
		"age":      "34",
		"dob":      "1990-03-15",
	})
	env.Clock = time.Date(2024, 5, 2, 10, 0, 0, 0, time.FixedZone("BDT", 6*3600))

	show, _ := relevant.EvalBool(env)
	years, _ := age.EvalString(env)
	fmt.Println(show, years)
	fmt.Println(relevant.Refs())
	// Output:
	// true 34
	// [services age]
}

func ExampleExpr_RewriteRefs() {
	e := expr.MustParse("jr:choice-name(${district}, '${district}')")
	fmt.Println(e.RewriteRefs(func(name string) string { return "/data/location/" + name }))
	// Output: jr:choice-name(/data/location/district, '/data/location/district')
}

func ExampleCycles() {
	calcs := map[string]*expr.Expr{
		"total": expr.MustParse("${sub} + ${fee}"),
		"sub":   expr.MustParse("${total} * 0.9"),
		"fee":   expr.MustParse("50"),
	}
	fmt.Println(expr.Cycles(calcs))
	// Output: [[sub total]]
}

func ExampleParse_error() {
	_, err := expr.Parse("${a} = 'yes' AND ${b} = 'no'")
	fmt.Println(err)
	// Output: operators are lower case: write and, not AND (at character 14: "AND")
}

func ExampleEnv_instance() {
	env := &expr.MapEnv{Instances: map[string]expr.Node{
		"districts": expr.ChoiceList(
			[]string{"name", "rangamati", "label", "Rangamati", "division", "chattogram"},
			[]string{"name", "sylhet", "label", "Sylhet", "division", "sylhet"},
		),
	}}
	env.Set("division", "chattogram")
	e := expr.MustParse("instance('districts')/root/item[division = ${division}]/label")
	v, _ := e.Eval(env)
	fmt.Println(v.Values())
	// Output: [Rangamati]
}
