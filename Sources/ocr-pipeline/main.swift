import OCRPipelineCLI

await OCRPipelineCLI.main()
