# FastAPI 0.115.11's security utilities, each with and without auto_error, for
# the C++ security helpers of issue 16 (step 3): the exact status, WWW-Authenticate and detail of
# every refusal (some changed in later FastAPI versions: these are 0.115.11's). Recorded into
# tests/conformance/security_utilities.json ahead of its sample, as constraints.json was: the
# fixture is replayed once a sample of that name exists. Form bodies (OAuth2PasswordRequestForm,
# Form()) are not here: FastAPI's Form needs the python-multipart package, and the reference
# chroot has Debian's python3-multipart, which is another package of the same module name.
from typing import Annotated

from fastapi import Depends, FastAPI
from fastapi.security import (
    APIKeyCookie,
    APIKeyHeader,
    APIKeyQuery,
    HTTPAuthorizationCredentials,
    HTTPBasic,
    HTTPBasicCredentials,
    HTTPBearer,
    OAuth2PasswordBearer,
)

app = FastAPI()

oauth2 = OAuth2PasswordBearer(tokenUrl="token")
oauth2_optional = OAuth2PasswordBearer(tokenUrl="token", auto_error=False)
basic = HTTPBasic()
basic_realm = HTTPBasic(realm="simple")
basic_optional = HTTPBasic(auto_error=False)
bearer = HTTPBearer()
bearer_optional = HTTPBearer(auto_error=False)
key_header = APIKeyHeader(name="X-API-Key")
key_header_optional = APIKeyHeader(name="X-API-Key", auto_error=False)
key_query = APIKeyQuery(name="api_key")
key_query_optional = APIKeyQuery(name="api_key", auto_error=False)
key_cookie = APIKeyCookie(name="session")
key_cookie_optional = APIKeyCookie(name="session", auto_error=False)


@app.get("/oauth2")
def read_oauth2(token: Annotated[str, Depends(oauth2)]):
    return {"token": token}


@app.get("/oauth2-optional")
def read_oauth2_optional(token: Annotated[str | None, Depends(oauth2_optional)]):
    return {"token": token}


def credentials(c: HTTPBasicCredentials | None):
    return None if c is None else {"username": c.username, "password": c.password}


@app.get("/basic")
def read_basic(c: Annotated[HTTPBasicCredentials, Depends(basic)]):
    return credentials(c)


@app.get("/basic-realm")
def read_basic_realm(c: Annotated[HTTPBasicCredentials, Depends(basic_realm)]):
    return credentials(c)


@app.get("/basic-optional")
def read_basic_optional(c: Annotated[HTTPBasicCredentials | None, Depends(basic_optional)]):
    return credentials(c)


def authorization(c: HTTPAuthorizationCredentials | None):
    return None if c is None else {"scheme": c.scheme, "credentials": c.credentials}


@app.get("/bearer")
def read_bearer(c: Annotated[HTTPAuthorizationCredentials, Depends(bearer)]):
    return authorization(c)


@app.get("/bearer-optional")
def read_bearer_optional(c: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_optional)]):
    return authorization(c)


@app.get("/key-header")
def read_key_header(key: Annotated[str, Depends(key_header)]):
    return {"key": key}


@app.get("/key-header-optional")
def read_key_header_optional(key: Annotated[str | None, Depends(key_header_optional)]):
    return {"key": key}


@app.get("/key-query")
def read_key_query(key: Annotated[str, Depends(key_query)]):
    return {"key": key}


@app.get("/key-query-optional")
def read_key_query_optional(key: Annotated[str | None, Depends(key_query_optional)]):
    return {"key": key}


@app.get("/key-cookie")
def read_key_cookie(key: Annotated[str, Depends(key_cookie)]):
    return {"key": key}


@app.get("/key-cookie-optional")
def read_key_cookie_optional(key: Annotated[str | None, Depends(key_cookie_optional)]):
    return {"key": key}


@app.get("/listed-key", dependencies=[Depends(key_header)])
def read_listed_key():
    return {"listed": True}
