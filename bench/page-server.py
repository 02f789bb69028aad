# The stand-in Oura of bench/page-memory.sh: a token endpoint that always answers a pair, and a sleep collection whose
# every page is MB megabytes of one document again and again, chunked.  python3 page-server.py PORT MB DOCUMENT_FILE
import sys, json, http.server, socketserver
MB = int(sys.argv[2])
doc = open(sys.argv[3], 'rb').read()
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def log_message(self, *a): pass
    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', 0)))
        body = json.dumps({"token_type":"bearer","access_token":"a1","refresh_token":"r2","expires_in":86400,"scope":"personal daily heartrate"}).encode()
        self.send_response(200); self.send_header('Content-Type','application/json'); self.send_header('Content-Length',str(len(body))); self.end_headers(); self.wfile.write(body)
    def do_GET(self):
        self.send_response(200); self.send_header('Content-Type','application/json'); self.send_header('Transfer-Encoding','chunked'); self.end_headers()
        def chunk(b):
            self.wfile.write(b'%x\r\n' % len(b) + b + b'\r\n')
        try:
            chunk(b'{"data":[' + doc)
            n = len(doc); buf = []
            while n < MB * 1024 * 1024:
                buf.append(b',' + doc); n += len(doc) + 1
                if len(buf) == 64: chunk(b''.join(buf)); buf = []
            if buf: chunk(b''.join(buf))
            chunk(b'],"next_token":null}'); self.wfile.write(b'0\r\n\r\n')
        except (BrokenPipeError, ConnectionResetError):
            pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    def handle_error(self, request, client_address): pass  # a client that hung up
S(('127.0.0.1', int(sys.argv[1])), H).serve_forever()
