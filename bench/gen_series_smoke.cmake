# gen_series_smoke.cmake - run by CTest (cmake -P): dzp-gen-series --count
# COUNT must print COUNT lines "SMILES bench_NNNNNN", numbered in order, the
# same bytes twice for one seed and other bytes for another seed; with
# --unique, no SMILES twice.
function(run_gen seed out_var)
  execute_process(COMMAND ${GEN} --count ${COUNT} --seed ${seed} ${ARGN}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "dzp-gen-series --seed ${seed} exited ${rc}: ${err}")
  endif()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

run_gen(1 first)
run_gen(1 again)
run_gen(2 other)
if(NOT first STREQUAL again)
  message(FATAL_ERROR "the same seed gave different output")
endif()
if(first STREQUAL other)
  message(FATAL_ERROR "seeds 1 and 2 gave the same output")
endif()

string(REGEX REPLACE "\n$" "" body "${first}")
string(REPLACE "\n" ";" lines "${body}")
list(LENGTH lines n)
if(NOT n EQUAL COUNT)
  message(FATAL_ERROR "expected ${COUNT} lines, got ${n}")
endif()
set(i 0)
foreach(line IN LISTS lines)
  math(EXPR i "${i} + 1")
  string(LENGTH "00000${i}" len)
  math(EXPR start "${len} - 6")
  string(SUBSTRING "00000${i}" ${start} 6 num)
  if(NOT line MATCHES "^[^ \t]+ bench_${num}$")
    message(FATAL_ERROR "line ${i} is not 'SMILES bench_${num}': ${line}")
  endif()
endforeach()

# --unique: as many rows, and no target written twice (the six literal bad
# rows of gen_series.c may repeat).
run_gen(1 distinct --unique)
string(REGEX REPLACE " bench_[0-9]+\n" ";" smiles "${distinct}")
list(LENGTH smiles n_rows)
list(FILTER smiles EXCLUDE REGEX "X$|^CC\\(C\\(C$|^c1cccc1$|^C1CNCCNC$|O\\)C$|\\[N\\]")
list(LENGTH smiles n_targets)
list(REMOVE_DUPLICATES smiles)
list(LENGTH smiles n_distinct)
if(NOT n_targets EQUAL n_distinct OR NOT n_rows EQUAL COUNT)
  message(FATAL_ERROR "--unique: ${n_rows} rows, ${n_targets} targets, ${n_distinct} distinct")
endif()
