import Foundation
import OCRPipeline
import Testing

@Suite struct InputScannerTests {
    @Test func findsImagesRecursivelyInAStableOrderAndSurvivesLinkLoops() throws {
        let folder = try TemporaryFolder()
        for name in ["b.jpg", "a/c.PNG", "a/z/d.webp", "notes.txt", ".hidden.jpg", "a/.cache/e.jpg"] {
            try folder.write("x", to: "in/\(name)")
        }
        let manager = FileManager.default
        // A link back up the tree, a link to a sibling folder, and a link to nothing.
        try manager.createSymbolicLink(atPath: "\(folder.path)/in/a/z/up", withDestinationPath: "\(folder.path)/in")
        try manager.createSymbolicLink(atPath: "\(folder.path)/in/also-z", withDestinationPath: "\(folder.path)/in/a/z")
        try manager.createSymbolicLink(atPath: "\(folder.path)/in/gone.jpg", withDestinationPath: "\(folder.path)/nowhere.jpg")

        let inputs = try InputScanner(root: "\(folder.path)/in").scan()
        // Each folder is read once, by whichever path reaches it first in name order.
        #expect(inputs.map(\.relativePath) == ["a/c.PNG", "a/z/d.webp", "b.jpg", "gone.jpg"])
    }

    @Test func aBrokenLinkSaysItDoesNotExist() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createSymbolicLink(atPath: "\(folder.path)/gone.jpg", withDestinationPath: "\(folder.path)/nowhere.jpg")
        let error = #expect(throws: ImageError.self) { try ImageSource(file: "\(folder.path)/gone.jpg") }
        #expect(error?.code == "unreadable_file")
        #expect(error?.summary.contains("does not exist") == true, "\(String(describing: error))")
    }
}
