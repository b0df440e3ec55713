// Package hardware models AI accelerators, the serving profiles of AI models
// and the roofline economics of serving one on the other; it is a leaf and
// imports nothing from the project.
//
// A [Chip] is a plain description of an accelerator (memory, bandwidth, peak
// throughput, power, price). A [Workload] is the serving profile of a model:
// its parameters, KV cache and, for image and video models, the FLOPs and
// bytes needed per output unit. [Serve] combines the two with [Costs] into a
// [Serving]: how many chips one replica uses, what batch it runs, how many
// units a chip produces per second and what a million units cost. Text is
// split into compute-bound prefill (prompt tokens) and bandwidth-bound decode
// (generated tokens), derated by a serving efficiency per chip × model and
// blended by the workload's input:output mix (prefill.go, efficiency.go).
// [Table] and [WriteTable] do this for every chip × workload pair, and
// [Validation] and [WriteValidation] set the roofline against published
// serving measurements; `aicloudsim explain hardware` prints both.
//
// Units follow the field names: GB and GB/s are decimal (1 GB = 1e9 bytes),
// TFLOPS is 1e12 floating-point operations per second, parameter counts are
// in billions, money is in US dollars and a year has 8766 hours.
//
// The types carry no YAML tags; package scenarios maps its schema onto them.
package hardware
