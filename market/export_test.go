package market

// SetRecomputeChoices makes settlements compute every choice probability
// they need afresh (on) instead of keeping those whose inputs are unchanged.
func SetRecomputeChoices(on bool) { recomputeChoices = on }
