# samples/cors as FastAPI: the CORS tutorial's CORSMiddleware and a middleware of one's own.
from fastapi import FastAPI, HTTPException, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

app = FastAPI()


@app.get("/")
async def main_page():
    return {"message": "Hello World"}


@app.get("/items/{item_id}")
async def read_item(item_id: int):
    if item_id > 100:
        raise HTTPException(status_code=404, detail="Item not found")
    return {"item_id": item_id}


@app.post("/items/", status_code=201)
async def create_item():
    return {"created": True}


origins = [
    "http://localhost.tiangolo.com",
    "https://localhost.tiangolo.com",
    "http://localhost",
    "http://localhost:8080",
]

app.add_middleware(
    CORSMiddleware,
    allow_origins=origins,
    allow_credentials=True,
    allow_methods=["*"],
    allow_headers=["*"],
    expose_headers=["X-Served-By"],
)


@app.middleware("http")
async def add_served_by_header(request: Request, call_next):
    if request.url.path == "/maintenance":
        return JSONResponse(status_code=503, content={"detail": "Down for maintenance"})
    response = await call_next(request)
    response.headers["X-Served-By"] = "fastcpp"
    return response
