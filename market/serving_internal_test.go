package market

import "testing"

// The serving-model cache that releases update one model at a time always
// equals a full recomputation, whatever the order of releases, with open
// rivals' models, discounts and ties.
func TestAdmitMatchesChooseModel(t *testing.T) {
	base := tinyConfig()
	wl := base.Models[0].Workload
	base.OpenServingFactor = 0.5
	base.Days = 400
	base.Models = append(base.Models,
		Model{ID: "a2", Owner: 0, Serves: "llm", Capability: 80, Release: 100, Workload: wl},
		Model{ID: "b2", Owner: 1, Serves: "llm", Capability: 160, Open: true, Release: 200, Workload: wl}, // 80 to a: a tie
		Model{ID: "b3", Owner: 1, Serves: "llm", Capability: 150, Open: true, Release: 300, Workload: wl},
		Model{ID: "a3", Owner: 0, Serves: "llm", Capability: 85, Open: true, Release: 300, Workload: wl},
		Model{ID: "m", Owner: 1, Serves: "media", Capability: 99, Release: 100, Workload: wl},
	)
	orders := [][]int{{2, 3, 4, 5, 6}, {6, 5, 4, 3, 2}, {3, 2, 5, 4, 6}, {4, 6, 2, 5, 3}}
	for _, order := range orders {
		w, err := newWorld(base, Options{Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range order {
			w.day = base.Models[m].Release
			w.release(m)
			for p := range w.smodel {
				for s := range w.smodel[p] {
					if got, want := w.smodel[p][s], w.chooseModel(p, s); got != want {
						t.Fatalf("order %v, after %s: provider %d serves model %d, want %d", order, base.Models[m].ID, p, got, want)
					}
				}
			}
		}
	}
}
