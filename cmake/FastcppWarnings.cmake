# Warning flags and sanitizers for fastcpp's own targets.

# Usage: fastcpp_set_warnings(<target>)
function(fastcpp_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(FASTCPP_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(FASTCPP_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
