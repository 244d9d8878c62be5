// The requirements are added by test/bindings/run.ts: the versions the TypeScript app runs on, and
// the module jsii-pacmak made of this library (dist/go).
module dialin.example/app

go 1.25
