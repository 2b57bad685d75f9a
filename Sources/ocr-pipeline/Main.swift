import OCRPipelineCLI

@main
enum Main {
    static func main() async {
        await OCRPipelineCLI.main()
    }
}
