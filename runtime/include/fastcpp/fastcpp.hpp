// fastcpp/fastcpp.hpp: everything a handler file needs. Light: no cpp-httplib.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fastcpp/annotations.hpp"
#include "fastcpp/depends.hpp"
#include "fastcpp/exception_handlers.hpp"
#include "fastcpp/exceptions.hpp"
#include "fastcpp/fastapi.hpp"
#include "fastcpp/json_value.hpp"
#include "fastcpp/middleware.hpp"
#include "fastcpp/params.hpp"
#include "fastcpp/python.hpp"
#include "fastcpp/request.hpp"
#include "fastcpp/response.hpp"
#include "fastcpp/response_model.hpp"
#include "fastcpp/status.hpp"
#include "fastcpp/types.hpp"
#include "fastcpp/websocket.hpp"
